package dev.hlas.compat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a replay test as the proof that {@link #client()} can use {@link #feature()}: its ✔ in
 * docs/COMPATIBILITY.md stands only while this test passes.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(Proves.All.class)
public @interface Proves {
    Client client();

    Feature feature();

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface All {
        Proves[] value();
    }
}

package dev.hlas.api;

import dev.hlas.api.auth.ApiKeys;
import dev.hlas.config.ServingConfig;
import dev.hlas.error.Unauthorized;
import io.javalin.http.Context;

/**
 * Routes that change the server or show other accounts' figures: with API keys on, only an admin key
 * ({@code --admin-keys}) passes; a valid ordinary key gets 403 (a missing or unknown key got 401 from the general
 * filter already). An open server lets everyone through, like its other routes.
 */
final class AdminGate {
    private final boolean keysRequired;
    private final ApiKeys admins;

    AdminGate(ServingConfig serving) {
        this.keysRequired = serving.keysRequired();
        this.admins = ApiKeys.of(serving.adminKeys());
    }

    /** Whether the request may go on; when not, the 403 saying {@code refusal} has been written. */
    boolean allows(Context ctx, String refusal) {
        if (!keysRequired) return true;
        if (admins.enabled()) {
            try {
                admins.authenticate(ctx.header("Authorization"));
                return true;
            } catch (Unauthorized ordinaryKey) {
                // refused below
            }
        }
        ErrorMapper.write(ctx, new ErrorMapper.HttpError(403, "permission_error", refusal, null,
                "insufficient_permissions", null));
        return false;
    }
}

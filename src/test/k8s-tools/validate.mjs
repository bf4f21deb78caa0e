// Validates Kubernetes manifests against the API schemas that kubernetes-models ships (types, required fields,
// enums, formats; unknown fields are not reported). Input: a JSON array of manifests (file named by argv[2]).
// Output: one JSON line per manifest, {kind, name, ok, error}. Exit code 0 even when some are invalid.
import { readFileSync } from "node:fs";

const docs = JSON.parse(readFileSync(process.argv[2], "utf8"));
for (const doc of docs) {
  const [group, version] = doc.apiVersion.includes("/") ? doc.apiVersion.split("/") : ["", doc.apiVersion];
  const module = group === "monitoring.coreos.com"
    ? `@kubernetes-models/prometheus-operator/${group}/${version}/${doc.kind}`
    : `kubernetes-models/${group ? group + "/" : ""}${version}/${doc.kind}`;
  const result = { kind: doc.kind, name: doc.metadata?.name, ok: false, error: null };
  try {
    const models = await import(module);
    new models[doc.kind](doc).validate();
    result.ok = true;
  } catch (e) {
    result.error = `${module}: ${e.message}`;
  }
  console.log(JSON.stringify(result));
}

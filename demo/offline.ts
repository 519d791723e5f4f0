/**
 * Stand-ins for provider resources, so the demo previews offline: each is a component resource
 * registered with the provider's own type token and the same inputs the provider SDK would send
 * (`new k8s.apps.v1.Deployment(...)` sends `kubernetes:apps/v1:Deployment` with an object like a
 * manifest). Component resources need no provider plugin, and since Pulumi 3.203 their inputs
 * reach policy packs, so Modelgate checks them exactly as it checks the real resources.
 * In your own program use @pulumi/kubernetes, @pulumi/aws and @pulumi/azure-native instead.
 */

import * as pulumi from "@pulumi/pulumi";

type Props = Record<string, unknown>;

class OfflineResource extends pulumi.ComponentResource {
  constructor(type: string, name: string, props: Props, opts?: pulumi.ComponentResourceOptions) {
    super(type, name, props, opts);
    // outputs equal the inputs, as for a created resource: stack policies (validateStack) read outputs
    this.registerOutputs(props);
  }
}

function kube(apiVersion: string, kind: string) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["core", apiVersion];
  const token = `kubernetes:${group}/${version}:${kind}`;
  return class extends OfflineResource {
    constructor(name: string, props: Props, opts?: pulumi.ComponentResourceOptions) {
      super(token, name, { apiVersion, kind, ...props }, opts);
    }
  };
}

export const k8s = {
  core: { v1: { Namespace: kube("v1", "Namespace"), ConfigMap: kube("v1", "ConfigMap"), Service: kube("v1", "Service") } },
  apps: { v1: { Deployment: kube("apps/v1", "Deployment") } },
};

function cloud(token: string) {
  return class extends OfflineResource {
    constructor(name: string, props: Props, opts?: pulumi.ComponentResourceOptions) {
      super(token, name, props, opts);
    }
  };
}

export const aws = {
  lambda: { Function: cloud("aws:lambda/function:Function") },
  iam: { Policy: cloud("aws:iam/policy:Policy") },
};

export const azure = {
  cognitiveservices: { Deployment: cloud("azure-native:cognitiveservices:Deployment") },
};

/**
 * The Modelgate demo stack: a regulated payments team's LLM workloads on Kubernetes, AWS and Azure.
 * `modelgate-demo:variant` (Pulumi.compliant.yaml / Pulumi.violating.yaml) decides where they send
 * prompts; stack config `modelgate:classification` classifies every workload without tags.
 *
 *   pulumi preview --stack violating --policy-pack packs/modelgate   # fails with Modelgate's messages
 *   pulumi preview --stack compliant --policy-pack packs/modelgate   # passes
 */

import * as pulumi from "@pulumi/pulumi";
import { aws, azure, k8s } from "./offline";

const config = new pulumi.Config();
const violating = config.require("variant") === "violating";

const namespace = new k8s.core.v1.Namespace("payments", {
  metadata: { name: "payments", labels: { "modelgate.dev/data-class": "internal", "modelgate.dev/regulated": "true" } },
});

const llmConfig = new k8s.core.v1.ConfigMap(
  "chat-llm-config",
  {
    metadata: { name: "chat-llm-config", namespace: "payments" },
    data: { OPENAI_BASE_URL: violating ? "https://api.deepseek.com/v1" : "http://vllm.payments.svc.cluster.local:8000/v1" },
  },
  { dependsOn: [namespace] },
);

// the in-cluster model server the compliant variant calls: its Service is part of the stack, so
// the in-cluster name is verified (flag-unverified-cluster-service)
if (!violating) {
  new k8s.core.v1.Service(
    "vllm",
    {
      metadata: { name: "vllm", namespace: "payments" },
      spec: { selector: { app: "vllm" }, ports: [{ port: 8000, targetPort: 8000 }] },
    },
    { dependsOn: [namespace] },
  );
}

new k8s.apps.v1.Deployment(
  "chat-api",
  {
    metadata: { name: "chat-api", namespace: "payments" },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "chat-api" } },
      template: {
        metadata: { labels: { app: "chat-api" } },
        spec: {
          containers: [
            {
              name: "api",
              image: "ghcr.io/acme/chat-api:1.4.2",
              env: [
                { name: "OPENAI_BASE_URL", valueFrom: { configMapKeyRef: { name: "chat-llm-config", key: "OPENAI_BASE_URL" } } },
                { name: "OPENAI_MODEL", value: violating ? "deepseek-chat" : "qwen3-32b" },
              ],
            },
          ],
        },
      },
    },
  },
  { dependsOn: [llmConfig] },
);

// Bedrock serves Qwen and DeepSeek models under AWS: the operator is AWS, not a denied jurisdiction.
new aws.iam.Policy("bedrock-invoke", {
  name: "bedrock-invoke",
  policy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "InvokeOpenWeightModels",
        Effect: "Allow",
        Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
        Resource: ["arn:aws:bedrock:us-east-1::foundation-model/deepseek.r1-v1:0", "arn:aws:bedrock:us-west-2::foundation-model/qwen.qwen3-32b-v1:0"],
      },
    ],
  }),
});

new azure.cognitiveservices.Deployment("chat-deployment", {
  accountName: "acme-openai",
  resourceGroupName: "rg-payments-ai",
  deploymentName: "gpt-4o-mini",
  tags: { "modelgate_budget-usd-monthly": "2000" },
  properties: { model: { format: "OpenAI", name: "gpt-4o-mini", version: "2024-07-18" } },
  sku: { name: "GlobalStandard", capacity: 10 },
});

if (violating) {
  new aws.lambda.Function("claims-agent", {
    name: "claims-agent",
    runtime: "nodejs20.x",
    handler: "index.handler",
    environment: { variables: { ANTHROPIC_BASE_URL: "https://api.moonshot.ai/anthropic", ANTHROPIC_MODEL: "kimi-k2.6" } },
  });
}

export const chatEndpoint = violating ? "https://api.deepseek.com/v1" : "http://vllm.payments.svc.cluster.local:8000/v1";

/**
 * Registers the zoo's fused training ops (convolution or Dense + bias +
 * ReLU, and their shared ReLU gradient) for a backend: composites of the
 * backend's own kernels, so the same bits as the unfused graph. The native
 * backend later wraps them with its own kernels (kernels/native/mod.ts).
 */
import * as tf from "@tensorflow/tfjs-core";
import {
  CONV_BIAS_RELU,
  convBiasReluComposite,
  convBiasReluGradient,
  RELU_GRAD,
  reluGradComposite,
} from "./conv_bias_relu.ts";
import {
  DENSE_BIAS_RELU,
  denseBiasReluComposite,
  denseBiasReluGradient,
} from "./dense_bias_relu.ts";

const registeredOn = new Set<string>();

/** Registers the kernels for `backendName` ("wasm" or "cpu"), and the gradients once. Idempotent. */
export function registerFusedTraining(backendName: "wasm" | "cpu"): void {
  if (registeredOn.has(backendName)) return;
  if (registeredOn.size === 0) {
    tf.registerGradient(convBiasReluGradient);
    tf.registerGradient(denseBiasReluGradient);
  }
  const kernels: [string, (backendName: string) => tf.KernelFunc][] = [
    [CONV_BIAS_RELU, convBiasReluComposite],
    [DENSE_BIAS_RELU, denseBiasReluComposite],
    [RELU_GRAD, reluGradComposite],
  ];
  for (const [kernelName, build] of kernels) {
    tf.registerKernel({ kernelName, backendName, kernelFunc: build(backendName) });
  }
  registeredOn.add(backendName);
}

/**
 * Chooses and prepares the TensorFlow.js backend. The wasm backend is ~20×
 * faster than cpu here but lacks a few gradient kernels; they are registered
 * as ordinary tfjs kernels so models stay stock tfjs models.
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import {
  batchMatMulWithoutTransposes,
  castShared,
  conv2dBackpropFilterWasm,
  conv2dBackpropInputWasm,
  identityShared,
  maxPoolGradWasm,
  registerFusedTraining,
  registerSgdStep,
  sumLeadingAxes,
  unsortedSegmentSumJs,
} from "./kernels/mod.ts";
import {
  loadBlas,
  loadHelpers,
  nativeMoversKind,
  registerNativeKernels,
  unregisterNativeKernels,
} from "./kernels/native/mod.ts";

/**
 * Backends the zoo supports. "native" is the wasm backend with its matrix
 * products on the system BLAS (models/kernels/native/): fastest, but its
 * results depend on the BLAS build and CPU, so "wasm" stays the default.
 */
export type BackendName = "wasm" | "cpu" | "native";

/** Every backend name, for option parsing and messages. */
export const BACKEND_NAMES: readonly BackendName[] = ["wasm", "cpu", "native"];

function isBackendName(value: unknown): value is BackendName {
  return BACKEND_NAMES.includes(value as BackendName);
}

let kernelsRegistered = false;
/** The stock wasm kernels the zoo replaced, for benchmarks and comparisons. */
const stockKernels = new Map<string, tf.KernelConfig>();

const stockReady = new Set<string>();

/**
 * The stock wasm kernel that `registerWasmGradientKernels` replaced or
 * wrapped, ready to call with the wasm backend, or undefined (not replaced,
 * or wasm has none: Conv2DBackpropFilter). Throws unless the wasm backend has
 * been started (`initBackend("wasm")`).
 */
export function stockWasmKernel(kernelName: string): tf.KernelConfig | undefined {
  const config = stockKernels.get(kernelName);
  if (config === undefined || stockReady.has(kernelName)) return config;
  const backend = tf.findBackend("wasm");
  if (backend === null) {
    throw new Error(`Expected a started wasm backend but found none (call initBackend("wasm"))`);
  }
  // A replaced kernel's setup (binding its wasm function) never ran: run it once.
  config.setupFunc?.(backend);
  stockReady.add(kernelName);
  return config;
}

/**
 * Registers the zoo's wasm gradient kernels (once per process): those stock
 * wasm lacks (`Conv2DBackpropFilter`, `UnsortedSegmentSum`) and replacements
 * for stock ones that are slow (`Conv2DBackpropInput`) or wrong
 * (`MaxPoolGrad` drops the gradient of windows whose maximum is negative).
 */
export function registerWasmGradientKernels(): void {
  if (kernelsRegistered) return;
  const have = new Set(tf.getKernelsForBackend("wasm").map((k) => k.kernelName));
  const kernels: [string, tf.KernelFunc][] = [
    ["Conv2DBackpropFilter", conv2dBackpropFilterWasm as unknown as tf.KernelFunc],
    ["Conv2DBackpropInput", conv2dBackpropInputWasm as unknown as tf.KernelFunc],
    ["MaxPoolGrad", maxPoolGradWasm as unknown as tf.KernelFunc],
    ["UnsortedSegmentSum", unsortedSegmentSumJs as unknown as tf.KernelFunc],
  ];
  for (const [kernelName, kernelFunc] of kernels) {
    const stock = tf.getKernel(kernelName, "wasm");
    if (stock !== undefined) stockKernels.set(kernelName, stock);
    if (have.has(kernelName)) tf.unregisterKernel(kernelName, "wasm");
    tf.registerKernel({ kernelName, backendName: "wasm", kernelFunc });
  }
  // Stock kernels wrapped for their common training cases; the stock setup
  // (binding the wasm functions) must still run when the backend starts.
  const wrappers: [string, (stock: tf.KernelFunc) => tf.KernelFunc][] = [
    ["BatchMatMul", batchMatMulWithoutTransposes],
    ["Cast", castShared],
    ["Identity", identityShared],
    ["Sum", sumLeadingAxes],
  ];
  for (const [kernelName, wrap] of wrappers) {
    const stock = tf.getKernel(kernelName, "wasm");
    if (stock === undefined) continue;
    stockKernels.set(kernelName, stock);
    tf.unregisterKernel(kernelName, "wasm");
    tf.registerKernel({ ...stock, kernelFunc: wrap(stock.kernelFunc) });
  }
  // The fused layer ops (convolution or Dense + bias + ReLU) the zoo trains through.
  registerFusedTraining("wasm");
  registerFusedTraining("cpu");
  // Plain SGD's update as one kernel per variable.
  registerSgdStep("wasm");
  registerSgdStep("cpu");
  kernelsRegistered = true;
}

/**
 * Production mode only silences tfjs console banners ("install tfjs-node"),
 * which would otherwise interleave with the CLI's output.
 */
function quiet(name: string): string {
  tf.env().set("PROD", true);
  return name;
}

function backendFromEnv(): BackendName | undefined {
  let value: string | undefined;
  try {
    value = Deno.env.get("RENKEI_BACKEND");
  } catch {
    // Without env permission the default applies.
    return undefined;
  }
  if (value === undefined || value === "") return undefined;
  if (!isBackendName(value)) {
    throw new TypeError(
      `Expected RENKEI_BACKEND to be one of ${BACKEND_NAMES.join(", ")} but found "${value}"`,
    );
  }
  return value;
}

/**
 * Selects the backend (default wasm; the RENKEI_BACKEND environment variable
 * overrides the default, an explicit `name` overrides both), registers the
 * missing wasm gradient kernels and returns the active backend's name.
 * Idempotent. Throws when TensorFlow.js cannot start the backend, instead of
 * silently falling back to the 20× slower cpu one.
 *
 * @example
 * ```ts
 * import { initBackend } from "./mod.ts";
 * const name = await initBackend("cpu");
 * if (name !== "cpu") throw new Error(name);
 * ```
 */
export async function initBackend(name?: BackendName): Promise<string> {
  const wanted = name ?? backendFromEnv() ?? "wasm";
  if (!isBackendName(wanted)) {
    throw new TypeError(`Expected backend ${BACKEND_NAMES.join(", ")} but found "${wanted}"`);
  }
  registerWasmGradientKernels();
  if (wanted === "native") registerNativeKernels(await loadHelpers());
  else if (wanted === "wasm") unregisterNativeKernels();
  const tfName = wanted === "native" ? "wasm" : wanted;
  // engine().backendName does not trigger lazy initialisation of a backend.
  if (tf.engine().backendName === tfName) return quiet(wanted);
  const ok = await tf.setBackend(tfName);
  if (!ok) {
    throw new Error(
      `Could not start the TensorFlow.js "${tfName}" backend` +
        (tfName === "wasm" ? " (does the process have read permission for the .wasm file?)" : ""),
    );
  }
  await tf.ready();
  return quiet(wanted);
}

/**
 * The backend in words for manifests and reports: the name, and for
 * "native" which BLAS and which data movers it uses (its results depend on
 * both, so a reader comparing runs needs them).
 *
 * @example
 * ```ts
 * import { describeBackend } from "./mod.ts";
 * if (describeBackend("wasm") !== "wasm") throw new Error("wasm is described by its name");
 * ```
 */
export function describeBackend(name: string): string {
  if (name !== "native") return name;
  const blas = loadBlas();
  const library = blas === undefined
    ? "no BLAS"
    : `${blas.path}${blas.config ? ` (${blas.config.trim()})` : ""}`;
  const movers = nativeMoversKind() === "c" ? "compiled C helpers" : "JavaScript helpers";
  return `native: wasm + ${library}, ${movers}`;
}

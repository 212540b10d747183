/**
 * Plain types of split learning: the devices inside one edge site (an edge
 * server and its IoT nodes), the local links between them, and the per-stage
 * figures of a model that the planner reads. No TensorFlow.js here.
 */

/** One device that can run part of a model: an IoT node, a gateway or the edge server. */
export interface Device {
  name: string;
  /** Sustained FLOP/s available for training. */
  computeFlops: number;
  /** Bytes of memory available for weights, optimiser state and activations. */
  memoryBytes: number;
}

/** A local network link (both directions alike). */
export interface LocalLink {
  /** One-way latency in seconds. */
  latencyS: number;
  /** Bandwidth in bits/s. */
  bandwidthBps: number;
}

/** An IoT node of a site: its device and its link to the site's edge server. */
export interface IotNode extends Device {
  link: LocalLink;
}

/** A site with inner structure: an edge server and the IoT nodes behind it. */
export interface BuildingSite {
  server: Device;
  nodes: IotNode[];
}

/**
 * Devices a batch passes through, in order: the first owns the data, the
 * last computes the loss. `links[k]` joins `devices[k]` and `devices[k + 1]`.
 */
export interface DeviceChain {
  devices: Device[];
  links: LocalLink[];
}

/** Per-sample figures of one stage of a model (a stage is the smallest unit the planner places). */
export interface StageProfile {
  name: string;
  /** Trainable parameters. */
  params: number;
  /** Values per sample entering the stage (for the first stage: the raw inputs). */
  inputValues: number;
  /** Values per sample leaving the stage (the activation sent when the model is cut after it). */
  outputValues: number;
  /** Forward FLOPs per sample. */
  forwardFlops: number;
  /** Backward FLOPs per sample. */
  backwardFlops: number;
}

/**
 * Where each device's stages start and end: `bounds` has one entry more than
 * there are devices; device `d` runs stages `bounds[d]` up to (not including)
 * `bounds[d + 1]`. A device with no stages only relays what passes through it.
 */
export type Partition = number[];

/** Bytes per float32 value: weights, gradients and activations are all float32. */
export const BYTES_PER_VALUE = 4;

/** Bytes per label sent to the device that computes the loss (an int32 class id). */
export const BYTES_PER_LABEL = 4;

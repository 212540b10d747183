import * as tf from "@tensorflow/tfjs-core";
import * as m from "../../models/mod.ts";
await m.initBackend();
function bench(label: string, f: () => void, n = 200) {
  for (let i = 0; i < 20; i++) f();
  const t = performance.now();
  for (let i = 0; i < n; i++) f();
  console.log(label, ((performance.now() - t) / n * 1000).toFixed(0), "µs");
}
for (
  const [xs, fs] of [[[32, 4, 4, 16], [3, 3, 16, 32]], [[32, 1, 8, 24], [1, 5, 24, 32]], [[
    32,
    8,
    8,
    3,
  ], [3, 3, 3, 16]]] as const
) {
  const x = tf.randomNormal(xs as unknown as number[]) as tf.Tensor4D;
  const f = tf.randomNormal(fs as unknown as number[]) as tf.Tensor4D;
  const dy = tf.conv2d(x, f, 1, "same");
  bench(`${xs} filterGrad`, () =>
    tf.tidy(() => {
      tf.engine().runKernel("Conv2DBackpropFilter", { x, dy }, {
        strides: 1,
        pad: "same",
        dataFormat: "NHWC",
        filterShape: fs,
      });
    }));
  bench(`${xs} inputGrad`, () =>
    tf.tidy(() => {
      tf.engine().runKernel("Conv2DBackpropInput", { dy, filter: f }, {
        strides: 1,
        pad: "same",
        dataFormat: "NHWC",
        inputShape: xs,
      });
    }));
  bench(`${xs} conv fwd`, () =>
    tf.tidy(() => {
      tf.conv2d(x, f, 1, "same");
    }));
}

import assert from "node:assert/strict";
import { quantize, SecAggServer, SecAggSite } from "../../../sim/fl/security/secagg/mod.ts";

/** Three sites and a server after the key rounds, driven message by message. */
async function afterKeyRounds() {
  const sites = [5, 6, 7].map((id) =>
    new SecAggSite(id, quantize(new Float32Array([id / 10]), 1, 1000), 2)
  );
  const server = new SecAggServer(2, 1);
  for (const site of sites) server.receiveKeys(await site.advertiseKeys());
  for (const site of sites) {
    server.receiveShares(await site.shareKeys(server.directoryFor(site.siteId)));
  }
  return { sites, server };
}

Deno.test("a share envelope relayed to the wrong site cannot be opened", async () => {
  const { sites, server } = await afterKeyRounds();
  // A dishonest relay re-addresses site 5's envelope for 6 to site 7.
  const stolen = server.sharesFor(6).find((e) => e.from === 5)!;
  sites[2].receiveShares([{ ...stolen, to: 7 }]);
  for (const site of sites) server.receiveMaskedInput(await site.maskedInput());
  await assert.rejects(
    () => sites[2].unmask(server.survivorList()),
    /authentic share message but found one that fails to decrypt/,
  );
});

Deno.test("a site refuses to reveal shares when told of fewer survivors than the threshold", async () => {
  const { sites, server } = await afterKeyRounds();
  for (const site of sites) site.receiveShares(server.sharesFor(site.siteId));
  await assert.rejects(
    () => sites[0].unmask({ survivors: [5] }),
    /at least 2 surviving sites but found 1/,
  );
});

Deno.test("the server rebuilds a dropped site's key and the survivors' seeds from the threshold", async () => {
  const { sites, server } = await afterKeyRounds();
  for (const site of sites) site.receiveShares(server.sharesFor(site.siteId));
  for (const site of sites.slice(0, 2)) server.receiveMaskedInput(await site.maskedInput());
  const list = server.survivorList();
  assert.deepEqual(list.survivors, [5, 6]);
  for (const site of sites.slice(0, 2)) server.receiveUnmaskResponse(await site.unmask(list));
  const sum = new Int32Array((await server.unmask()).buffer);
  assert.deepEqual([...sum], [500 + 600]);
});

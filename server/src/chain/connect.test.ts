import { network } from "hardhat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectChain } from "./connect.js";

describe("connectChain", () => {
  let chainServer: Awaited<ReturnType<typeof network.createServer>>;
  let rpcUrl: string;
  beforeAll(async () => {
    chainServer = await network.createServer("default", "127.0.0.1", 0);
    const { address, port } = await chainServer.listen();
    rpcUrl = `http://${address}:${port}`;
  });
  afterAll(() => chainServer?.close());

  it("polls a local development chain every 100 ms (it mines at once) and signs with the node's first account", async () => {
    const { chain, publicClient, walletClient } = await connectChain({ rpcUrl });
    expect(chain.id).toBe(31337);
    expect(publicClient.pollingInterval).toBe(100);
    expect(publicClient.cacheTime).toBe(100);
    expect(walletClient.pollingInterval).toBe(100);
    expect(walletClient.account.address).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect(await publicClient.getBlockNumber()).toBeGreaterThanOrEqual(0n);
  });

  it("takes an explicit polling interval", async () => {
    const { publicClient, walletClient } = await connectChain({ rpcUrl, pollingInterval: 2_500 });
    expect(publicClient.pollingInterval).toBe(2_500);
    expect(publicClient.cacheTime).toBe(2_500);
    expect(walletClient.pollingInterval).toBe(2_500);
  });
});

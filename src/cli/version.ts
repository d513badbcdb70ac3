import { buildInfo } from "../version";
import { out, type Command } from "./command";

export const version: Command = {
  name: "version",
  summary: "Print the version",
  usage: "owlat version",
  async run() {
    out(`owlat ${buildInfo.version} (${buildInfo.gitSha}${buildInfo.buildDate ? `, built ${buildInfo.buildDate}` : ""}) on Bun ${Bun.version}`);
    return 0;
  },
};

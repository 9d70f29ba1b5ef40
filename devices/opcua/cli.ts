/**
 * `linegate opcua certs|trust`: the gateway's OPC UA certificates. An unknown PLC certificate is
 * rejected until an engineer trusts it here (the log line that rejects it names the command).
 */
import type { Command } from 'commander';

type Load = (file: string) => { gateway: { dataDir: string } } | undefined;

/** Registers `opcua certs` and `opcua trust`. */
export function registerOpcuaCommand(
  program: Command,
  load: Load,
  run: (result: Promise<number>) => void,
): void {
  const opcua = program.command('opcua').description('OPC UA certificates of the gateway');
  opcua
    .command('certs')
    .description('list the own, trusted and rejected certificates')
    .requiredOption('-c, --config <file>', 'config file (YAML)')
    .action((o: { config: string }) =>
      run(
        (async () => {
          const config = load(o.config);
          if (!config) return 78;
          // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand (node-opcua takes about a second)
          const { listOpcuaCertificates } = require('./pki') as typeof import('./pki');
          const list = await listOpcuaCertificates(config.gateway.dataDir);
          const line = (c: { thumbprint: string; subject: string; validTo: string }) =>
            `  ${c.thumbprint}  ${c.subject}  (valid to ${c.validTo})\n`;
          process.stdout.write(`PKI folder: ${list.pkiDir}\n`);
          process.stdout.write(
            `own:\n${list.own ? line(list.own) : '  (none yet: created at the first connection)\n'}`,
          );
          process.stdout.write(`trusted:\n${list.trusted.map(line).join('') || '  (none)\n'}`);
          process.stdout.write(
            `rejected (trust with: linegate opcua trust --config FILE THUMBPRINT):\n${list.rejected.map(line).join('') || '  (none)\n'}`,
          );
          return 0;
        })(),
      ),
    );
  opcua
    .command('trust')
    .description('trust a rejected server certificate (used at the next connection attempt)')
    .requiredOption('-c, --config <file>', 'config file (YAML)')
    .argument('<thumbprint>', 'thumbprint shown by `opcua certs` or in the rejection log line')
    .action((thumbprint: string, o: { config: string }) =>
      run(
        (async () => {
          const config = load(o.config);
          if (!config) return 78;
          try {
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand (node-opcua takes about a second)
            const { trustOpcuaCertificate } = require('./pki') as typeof import('./pki');
            const cert = await trustOpcuaCertificate(config.gateway.dataDir, thumbprint);
            process.stdout.write(`trusted ${cert.thumbprint} ${cert.subject}\n`);
            return 0;
          } catch (err) {
            process.stderr.write(`linegate: ${(err as Error).message}\n`);
            return 1;
          }
        })(),
      ),
    );
}

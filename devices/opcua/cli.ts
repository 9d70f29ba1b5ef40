/**
 * `linegate opcua certs|trust`: the gateway's OPC UA certificates. An unknown PLC certificate is
 * rejected until an engineer trusts it here (the log line that rejects it names the command).
 */
import type { Command } from 'commander';
import { hasCode } from '../../src/errors';

type Load = (file: string) => { gateway: { dataDir: string } } | undefined;

/** EX_UNAVAILABLE: the endpoint could not be reached. */
const EXIT_UNAVAILABLE = 69;

/** Registers `opcua certs`, `opcua trust` and `opcua browse`. */
export function registerOpcuaCommand(
  program: Command,
  load: Load,
  run: (result: Promise<number>) => void,
): void {
  const opcua = program
    .command('opcua')
    .description('OPC UA certificates of the gateway, and browsing a PLC');
  opcua
    .command('browse')
    .description("print a PLC's node tree: node ids (ns= and nsu=), names, classes, data types, values")
    .argument('<endpoint>', 'e.g. opc.tcp://192.168.0.10:4840')
    .argument('[node]', 'node id to start from', 'ObjectsFolder')
    .option('-d, --depth <n>', 'levels below the start node', '3')
    .option('--security-mode <mode>', 'None|Sign|SignAndEncrypt', 'None')
    .option(
      '--security-policy <policy>',
      'None|Basic256Sha256|Aes128_Sha256_RsaOaep|Aes256_Sha256_RsaPss',
      'None',
    )
    .option('--timeout <ms>', 'connect and request timeout', '5000')
    .action(
      (
        endpoint: string,
        node: string,
        o: { depth: string; securityMode: string; securityPolicy: string; timeout: string },
      ) =>
        run(
          (async () => {
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand (node-opcua takes about a second)
            const { browse } = require('./browse') as typeof import('./browse');
            try {
              await browse({
                endpoint,
                node,
                depth: Math.max(0, Number(o.depth) || 0),
                securityMode: o.securityMode as 'None',
                securityPolicy: o.securityPolicy as 'None',
                timeoutMs: Number(o.timeout) || 5000,
                write: (line) => process.stdout.write(line + '\n'),
              });
              return 0;
            } catch (err) {
              process.stderr.write(`linegate opcua browse: ${(err as Error).message.split('\n')[0]}\n`);
              return hasCode(err, 'OPCUA_ENDPOINT_UNREACHABLE') ? EXIT_UNAVAILABLE : 1;
            }
          })(),
        ),
    );
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

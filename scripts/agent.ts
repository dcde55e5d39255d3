// `npm run agent -- <command>`: the team from the command line, on the store of the running
// server (DATA_DIR's runtime file) or MONGODB_URI. The same use cases as the admin screens
// (core/agents/). Exit 0 done, 1 refused (one line why), 64 usage.
//   add --email E --name N [--role agent|supervisor|admin] [--languages it,en] [--password P]
//   list
//   disable <email> | enable <email>
//   reset-password <email> [--password P]     (the admin's too; without --password one is generated)
import mongoose from 'mongoose';
import { createAgent } from '../core/agents/create-agent';
import { generatePassword } from '../core/auth/password';
import { listAgents, resetPassword, setAgentActive } from '../core/agents/manage-agents';
import { loadConfig } from '../core/config';
import { DomainError } from '../core/errors';
import { Audit } from '../models/audit';
import { connectStore } from '../models';
import { runTool, storeUri, ToolStop } from './running-server';

const USAGE = `usage: npm run agent -- add --email E --name N [--role agent|supervisor|admin] [--languages it,en] [--password P]
       npm run agent -- list
       npm run agent -- disable <email> | enable <email>
       npm run agent -- reset-password <email> [--password P]`;

function options(args: string[]): { positional: string[]; flags: Record<string, string> } {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--')) {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--')) throw new ToolStop(`${a} needs a value\n${USAGE}`, 64);
      flags[a.slice(2)] = value;
      i++;
    } else positional.push(a);
  }
  return { positional, flags };
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  if (!command || !['add', 'list', 'disable', 'enable', 'reset-password'].includes(command)) {
    process.stderr.write(`${USAGE}\n`);
    return 64;
  }
  const { positional, flags } = options(rest);
  const config = loadConfig();
  const uri = storeUri(config);
  await connectStore(uri).catch((err: unknown) => {
    throw new ToolStop(`Cannot reach the store (${(err as Error).message.split('\n')[0]}): is the server running?`);
  });
  try {
    return await run(command, positional, flags, config.DEFAULT_LANGUAGE);
  } catch (err) {
    if (err instanceof DomainError) throw new ToolStop(err.message);
    throw err;
  } finally {
    await mongoose.disconnect();
  }
}

async function run(
  command: string,
  positional: string[],
  flags: Record<string, string>,
  defaultLanguage: Parameters<typeof createAgent>[1],
): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  if (command === 'list') {
    const agents = await listAgents();
    if (!agents.length) out('No agents yet.');
    for (const a of agents)
      out(
        `${a.active ? ' ' : '-'} ${a.role.padEnd(10)} ${a.email.padEnd(36)} ${a.name}  [${a.languages.join(',')}]${a.active ? '' : '  (disabled)'}`,
      );
    return 0;
  }
  if (command === 'add') {
    if (!flags.email || !flags.name) throw new ToolStop(`add needs --email and --name\n${USAGE}`, 64);
    const password = flags.password ?? generatePassword();
    const parsed = {
      name: flags.name,
      email: flags.email,
      password,
      role: (flags.role ?? 'agent') as 'agent',
      languages: flags.languages ? (flags.languages.split(',').map((l) => l.trim()) as ['it']) : undefined,
    };
    let agent;
    try {
      agent = await createAgent(parsed, defaultLanguage);
    } catch (err) {
      if (err instanceof Error && err.name === 'ZodError') {
        const issue = (err as unknown as { issues: Array<{ path: string[]; message: string }> }).issues[0];
        throw new ToolStop(`--${issue?.path.join('.') ?? 'input'}: ${issue?.message ?? 'not valid'}`);
      }
      throw err;
    }
    await Audit.create({ at: new Date(), actor: 'cli', action: 'agent.create', target: agent.id });
    out(`Added ${agent.role} ${agent.name} <${agent.email}> (languages ${agent.languages.join(', ')}).`);
    if (!flags.password) out(`Password: ${password}  (shown once)`);
    return 0;
  }
  const address = positional[0];
  if (!address) throw new ToolStop(`${command} needs the agent's e-mail address\n${USAGE}`, 64);
  if (command === 'disable' || command === 'enable') {
    const a = await setAgentActive(address, command === 'enable', 'cli');
    out(`${a.email} is ${a.active ? 'enabled: can log in' : 'disabled: can no longer log in'}.`);
    return 0;
  }
  const reset = await resetPassword(address, flags.password, 'cli');
  out(`New password for ${reset.email}${reset.generated ? `: ${reset.password}  (shown once)` : ' set.'}`);
  return 0;
}

runTool(main);

#!/usr/bin/env node
// Lint Cypher statements with Neo4j's own Cypher language tooling
// (@neo4j-cypher/language-support: the parser and semantic analysis behind the
// Neo4j VS Code extension, Workspace and the new Browser).
//
// Input
//   node lint.mjs < statements.json      a JSON array of {"name": ..., "statement": ...}
//   node lint.mjs FILE...                 *.cypher files (each may hold several statements
//                                         separated by ';'), or *.json files as above
//
// Output: one line per problem on stdout,
//   NAME: LINE:COL SEVERITY MESSAGE       (LINE and COL are 1-based, within the statement/file)
// and a one-line summary on stderr.
//
// Exit status: 0 clean; 1 a statement failed; 2 bad usage or unreadable input.
// A statement fails on
//   - any error (syntax or semantic: unknown variable, wrong clause order, unknown
//     function/procedure, removed syntax, ...),
//   - any deprecation warning (deprecated function, procedure or syntax: it stops working
//     in the next Cypher version),
//   - an empty statement (nothing but whitespace or comments).
// Other warnings (performance hints such as "cartesian product") are printed but do not
// fail, unless --strict is given.
//
// Options
//   --strict                every warning fails
//   --allow-apoc            accept APOC functions and procedures (default: plain Neo4j only)
//   --cypher-version 5|25   language version to check against (default 5)
//
// Browser ":param" / ":params" lines are blanked out (line numbers are kept) and every
// $parameter a statement uses is declared, since parameters are supplied at run time.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// The package's ESM build uses extensionless relative imports that Node cannot resolve;
// load its CommonJS build instead.
const require = createRequire(import.meta.url);
const lang = require('@neo4j-cypher/language-support');
const { lintCypherQuery, parseParameters, testData, _internalFeatureFlags } = lang;

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };
const DEPRECATED_TAG = 2; // vscode-languageserver-types DiagnosticTag.Deprecated

function usage(message) {
  if (message) process.stderr.write(`cypher-lint: ${message}\n`);
  process.stderr.write(
    'usage: node lint.mjs [--strict] [--allow-apoc] [--cypher-version 5|25]' +
      ' [FILE...] (< statements.json)\n',
  );
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { strict: false, allowApoc: false, cypherVersion: '5', files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--strict') opts.strict = true;
    else if (a === '--allow-apoc') opts.allowApoc = true;
    else if (a === '--cypher-version') opts.cypherVersion = argv[++i];
    else if (a.startsWith('--cypher-version=')) opts.cypherVersion = a.split('=')[1];
    else if (a === '-h' || a === '--help') usage();
    else if (a === '--') opts.files.push(...argv.slice(i + 1)), (i = argv.length);
    else if (a.startsWith('-') && a !== '-') usage(`unknown option ${a}`);
    else opts.files.push(a);
  }
  if (!['5', '25'].includes(opts.cypherVersion)) usage('--cypher-version must be 5 or 25');
  return opts;
}

// The functions and procedures of a Neo4j server, as the package ships them (built-in
// functions, db.* / dbms.* / ... procedures, and APOC). Without them the linter cannot
// tell a misspelt function from a real one.
function buildSchema(opts) {
  const mock = testData?.mockSchema ?? {};
  const keep = (name, entry) =>
    opts.allowApoc || !(name.startsWith('apoc.') || entry?.isBuiltIn === false);
  const filter = (registry) =>
    Object.fromEntries(
      Object.entries(registry ?? {}).map(([version, entries]) => [
        version,
        Object.fromEntries(Object.entries(entries).filter(([n, e]) => keep(n, e))),
      ]),
    );
  const schema = {
    functions: filter(mock.functions),
    procedures: filter(mock.procedures),
    defaultLanguage: `CYPHER ${opts.cypherVersion}`,
  };
  if (opts.cypherVersion === '25') _internalFeatureFlags.cypher25 = true;
  const nFunctions = Object.keys(schema.functions['CYPHER 5'] ?? {}).length;
  if (nFunctions < 50) {
    // Should not happen with the pinned version; fail loudly rather than check less.
    process.stderr.write(
      'cypher-lint: the package ships no function registry; cannot check functions\n',
    );
    process.exit(2);
  }
  return schema;
}

// Neo4j Browser console commands that set parameters; blank them, keep line numbers.
const PARAM_LINE = /^[ \t]*:params?\b.*$/gm;
function stripParamLines(text) {
  return text.replace(PARAM_LINE, '');
}

function hasCode(text) {
  const noComments = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
  return /[^\s;]/.test(noComments);
}

function oneLine(s) {
  return String(s).replace(/\s*\n\s*/g, ' ').trim();
}

function readInput(opts) {
  const items = [];
  const fromJson = (text, origin) => {
    let data;
    try {
      data = JSON.parse(text);
    } catch (e) {
      usage(`${origin}: not JSON: ${e.message}`);
    }
    if (!Array.isArray(data)) usage(`${origin}: expected a JSON array of {name, statement}`);
    data.forEach((item, i) => {
      if (typeof item === 'string') item = { statement: item };
      if (!item || typeof item.statement !== 'string')
        usage(`${origin}[${i}]: expected {"name": ..., "statement": "..."}`);
      items.push({ name: String(item.name ?? `${origin}[${i}]`), statement: item.statement });
    });
  };
  if (opts.files.length === 0 || (opts.files.length === 1 && opts.files[0] === '-')) {
    fromJson(readFileSync(0, 'utf8'), '<stdin>');
  } else {
    for (const f of opts.files) {
      let text;
      try {
        text = readFileSync(f, 'utf8');
      } catch (e) {
        usage(`${f}: ${e.message}`);
      }
      if (f.endsWith('.json')) fromJson(text, f);
      else items.push({ name: f, statement: text });
    }
  }
  return items;
}

function isDeprecation(d) {
  return (d.tags ?? []).includes(DEPRECATED_TAG) || /deprecat/i.test(d.message);
}

function lintOne(item, schema, opts) {
  const text = stripParamLines(item.statement);
  if (!hasCode(text)) {
    const message = 'empty statement (only whitespace, comments or :param lines)';
    return [{ line: 1, col: 1, severity: 'error', message, fails: true }];
  }
  // Parameters are bound by the driver (or by :param in the Browser): declare each one used.
  const params = parseParameters(text, false);
  const stmtSchema = { ...schema, parameters: Object.fromEntries(params.map((p) => [p, null])) };
  const diagnostics = lintCypherQuery(text, stmtSchema, false);
  const seen = new Set();
  const problems = [];
  for (const d of diagnostics) {
    const severity = SEVERITY[d.severity] ?? 'error';
    const line = d.range.start.line + 1;
    const col = d.range.start.character + 1;
    const message = oneLine(d.message);
    const key = `${line}:${col}:${severity}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const deprecated = severity !== 'error' && isDeprecation(d);
    const fails = severity === 'error' || deprecated || opts.strict;
    problems.push({ line, col, severity: deprecated ? 'deprecation' : severity, message, fails });
  }
  return problems;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const schema = buildSchema(opts);
  const items = readInput(opts);
  let failed = 0;
  let nProblems = 0;
  for (const item of items) {
    const problems = lintOne(item, schema, opts);
    for (const p of problems) {
      process.stdout.write(`${item.name}: ${p.line}:${p.col} ${p.severity} ${p.message}\n`);
    }
    nProblems += problems.length;
    if (problems.some((p) => p.fails)) failed++;
  }
  process.stderr.write(
    `cypher-lint: ${items.length} statement(s) checked (Cypher ${opts.cypherVersion}), ` +
      `${nProblems} problem(s), ${failed} failing\n`,
  );
  process.exitCode = failed > 0 ? 1 : 0;
}

main();

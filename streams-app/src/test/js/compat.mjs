#!/usr/bin/env node
// Typoguard <-> Confluent JavaScript client compatibility check.
//
// Uses Confluent's official @confluentinc/schemaregistry client (SchemaRegistryClient, AvroSerializer,
// AvroDeserializer; Avro via avsc) to read what Typoguard wrote and to write what Typoguard must read,
// against a schema registry at <registryUrl> (Typoguard's own, or any Confluent-compatible one).
//
//   node compat.mjs deserialize <registryUrl> <topic> <base64>
//       Decodes one Confluent-framed Avro value (magic byte 0, 4-byte big-endian schema id, Avro binary).
//       The writer schema is fetched by id (GET /schemas/ids/{id}?subject=<topic>-value).
//       Prints the record as one line of JSON.
//   node compat.mjs serialize <registryUrl> <topic> <schemaJsonFile> <recordJsonFile>
//       Registers the schema under <topic>-value (TopicNameStrategy; POST /subjects/{s}/versions?normalize=false)
//       and serializes the record with that schema id. Prints the framed bytes as base64 on one line.
//   Exit status: 0 ok, 1 any error (message on stderr), 2 bad usage.
//   Environment: SR_USER_INFO=user:password for a registry that wants HTTP basic auth.
//
// UNION JSON ENCODING: the client decodes and encodes with avsc's default wrapUnions 'auto', so a union that
// is unambiguous in JavaScript, like ["null","string"], is UNWRAPPED: give and expect the plain value,
//     "organisation": "U.S. Army"        or  "organisation": null
// NOT the Avro JSON encoding {"string": "U.S. Army"} (the serializer rejects it: "Invalid message at
// organisation, expected ["null","string"], got {"string":"U.S. Army"}"). Unions that avsc cannot tell apart
// by JS value (e.g. two record branches, or ["int","long"]) are wrapped ({"name": value}) by avsc instead.
// Enums are their symbol as a string ("CRITICAL"), arrays are JSON arrays.
// Input limits (avsc defaults): bytes/fixed fields need a Buffer, so they cannot be given in the record JSON;
// longs must lie within +/-(2^53 - 2).
//
// Output conversions (deserialize): Date -> epoch millis (number); bigint -> number when it is a safe
// integer, else decimal string; Buffer/Uint8Array (bytes, fixed, decimal) -> base64 string; non-finite
// float/double -> "NaN"/"Infinity"/"-Infinity". Without a logicalTypes option avsc returns timestamp-millis
// as a plain number of epoch millis already.
//
// Why serialize registers explicitly: with autoRegisterSchemas the JS AvroSerializer does not take a schema;
// it INFERS one from the JavaScript value (avsc Type.forValue, records named Record1..., enums as string,
// null-only fields as "null") and registers that. To write with a given schema, this script makes the same
// register call the serializer's auto-registration makes (client.register -> registerFullResponse ->
// POST /subjects/<topic>-value/versions?normalize=false) and then serializes with useSchemaId = that id.
//
// The subject name strategy is set to TOPIC explicitly: the client's default (1.10.1) is ASSOCIATED, which
// first asks GET /associations/resources/-/<topic>?resourceType=topic&associationType=value and falls back
// to TopicNameStrategy only when that answers 404.

import fs from 'node:fs';
import {
  SchemaRegistryClient,
  AvroSerializer,
  AvroDeserializer,
  SerdeType,
  SubjectNameStrategyType,
  RestError,
} from '@confluentinc/schemaregistry';

const USAGE = `usage:
  node compat.mjs deserialize <registryUrl> <topic> <base64>
  node compat.mjs serialize <registryUrl> <topic> <schemaJsonFile> <recordJsonFile>`;

class UsageError extends Error {}

function client(url) {
  if (!/^https?:\/\/[^\s]+$/.test(url)) {
    throw new UsageError(`registryUrl must be an http(s) URL, not '${url}'`);
  }
  // Few, short retries: a test wants a quick, clear failure rather than the client's 3 x up-to-20 s backoff.
  // SR_USER_INFO=user:password (optional): HTTP basic auth, as basic.auth.user.info in Typoguard's settings.
  const userInfo = process.env.SR_USER_INFO;
  return new SchemaRegistryClient({ baseURLs: [url.replace(/\/+$/, '')], maxRetries: 1, retriesWaitMs: 200, retriesMaxWaitMs: 1000,
    ...(userInfo ? { basicAuthCredentials: { credentialsSource: 'USER_INFO', userInfo } } : {}) });
}

function readJsonFile(path, what) {
  let text;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${what} file '${path}': ${e.code ?? e.message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${what} file '${path}' is not JSON: ${e.message}`);
  }
}

function decodeBase64(s) {
  const t = s.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(t) || t.length % 4 === 1) {
    throw new UsageError('the value is not standard base64');
  }
  return Buffer.from(t, 'base64');
}

/** Makes a decoded Avro value printable as JSON (see the header for the rules). */
function toPlain(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (v instanceof Date) return v.getTime();
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map(toPlain);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), toPlain(x)]));
  if (typeof v === 'object') {
    const out = {};
    for (const k of Object.keys(v)) out[k] = toPlain(v[k]);
    return out;
  }
  return v;
}

async function deserialize([url, topic, b64, ...rest]) {
  if (b64 === undefined || rest.length) throw new UsageError('deserialize takes <registryUrl> <topic> <base64>');
  const payload = decodeBase64(b64);
  if (payload.length === 0) {
    // The client would return null (a tombstone); for a compatibility check an empty value is a mistake.
    throw new UsageError('the value is empty (a tombstone is not a Confluent-framed Avro value)');
  }
  const des = new AvroDeserializer(client(url), SerdeType.VALUE, { subjectNameStrategyType: SubjectNameStrategyType.TOPIC });
  const value = await des.deserialize(topic, payload);
  return JSON.stringify(toPlain(value));
}

async function serialize([url, topic, schemaFile, recordFile, ...rest]) {
  if (recordFile === undefined || rest.length) {
    throw new UsageError('serialize takes <registryUrl> <topic> <schemaJsonFile> <recordJsonFile>');
  }
  const schema = readJsonFile(schemaFile, 'schema');
  const record = readJsonFile(recordFile, 'record');
  const c = client(url);
  const conf = { subjectNameStrategyType: SubjectNameStrategyType.TOPIC, autoRegisterSchemas: false };
  // The subject as the serializer itself names it (TopicNameStrategy: <topic>-value).
  const subject = await new AvroSerializer(c, SerdeType.VALUE, conf).subjectName(topic);
  const id = await c.register(subject, { schemaType: 'AVRO', schema: JSON.stringify(schema) });
  const ser = new AvroSerializer(c, SerdeType.VALUE, { ...conf, useSchemaId: id });
  const bytes = await ser.serialize(topic, record);
  return bytes.toString('base64');
}

function describe(e) {
  if (e instanceof RestError) return `schema registry answered HTTP ${e.status} (error_code ${e.errorCode}): ${e.message}`;
  if (e?.isAxiosError) {
    const where = e.config?.method && e.config?.url ? ` (${e.config.method.toUpperCase()} ${e.config.baseURL ?? ''}${e.config.url})` : '';
    return `schema registry request failed${where}: ${e.code ?? ''} ${e.message}`.replace(/\s+/g, ' ');
  }
  return `${e?.name && e.name !== 'Error' ? e.name + ': ' : ''}${e?.message ?? e}`;
}

const [command, ...args] = process.argv.slice(2);
const commands = { deserialize, serialize };
if (!commands[command]) {
  process.stderr.write(`compat.mjs: ${command ? `unknown command '${command}'` : 'no command'}\n${USAGE}\n`);
  process.exit(2);
}
try {
  const line = await commands[command](args);
  process.stdout.write(line + '\n', () => process.exit(0));
} catch (e) {
  process.stderr.write(`compat.mjs ${command}: ${describe(e)}\n`);
  if (e instanceof UsageError) process.stderr.write(USAGE + '\n');
  process.exit(e instanceof UsageError ? 2 : 1);
}

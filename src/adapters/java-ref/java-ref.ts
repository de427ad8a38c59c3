/**
 * java-ref: the reference adapter in Java, over the bothends adapter protocol. One JDK 17
 * single-file source program, BothendsRef.java (next to this file), started with `java` and
 * kept running: the JDK compiles and starts in one to two seconds once, not per operation.
 * What it claims and why lives in the program's hello; the probe starts it and reads it.
 */
import { projectPath } from '../../core/paths.js';
import { externalAdapter } from '../external.js';
import { installHint } from '../subprocess.js';

const SOURCE = projectPath('src', 'adapters', 'java-ref', 'BothendsRef.java');

// Serial GC: one small heap, no GC threads competing with the suite on a two-core machine.
const JAVA = { file: 'java', args: ['-XX:+UseSerialGC', SOURCE] } as const;

/** The source launcher compiles BothendsRef.java at every start: on a loaded machine that takes a while. */
const HELLO_TIMEOUT_MS = 60_000;

/** The JDK's own JCE (SunJCE, SunEC) through one long-lived `java` process, every parameter explicit. */
export const javaRef = externalAdapter({
  id: 'java-ref',
  library: 'JDK (SunJCE)',
  description: 'reference adapter in Java: JDK 17 JCE only, one single-file source program',
  command: { file: JAVA.file, args: [...JAVA.args] },
  helloTimeoutMs: HELLO_TIMEOUT_MS,
  install: installHint('default-jdk-headless'),
});

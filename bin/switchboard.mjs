#!/usr/bin/env node
// Bridge entries in agents' configs written before the command became bin/switchboard.cjs name
// this file: it runs that one.
import { createRequire } from 'node:module';

createRequire(import.meta.url)('./switchboard.cjs');

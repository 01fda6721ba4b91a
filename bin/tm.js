#!/usr/bin/env node
import '../out/cli.cjs';

#!/usr/bin/env node
import '../out/server.cjs';

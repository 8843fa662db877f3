import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Rendering MJML and starting loopback servers can take a few seconds on a loaded machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});

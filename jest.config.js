/** @type {import('jest').Config} */
const project = (displayName, testMatch) => ({
  displayName,
  testMatch,
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
});

module.exports = {
  projects: [
    project("unit", ["<rootDir>/test/**/*.test.ts", "!<rootDir>/test/integration/**"]),
    project("integration", ["<rootDir>/test/integration/**/*.test.ts"]),
  ],
};

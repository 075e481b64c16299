/** @type {import('jest').Config} */
const project = (displayName, testMatch, testPathIgnorePatterns = []) => ({
  displayName,
  testMatch,
  // A "!" pattern in testMatch does not exclude a file another pattern matched: ignore explicitly.
  testPathIgnorePatterns: ["/node_modules/", ...testPathIgnorePatterns],
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
});

module.exports = {
  projects: [
    project("unit", ["<rootDir>/test/**/*.test.ts"], ["<rootDir>/test/integration/"]),
    project("integration", ["<rootDir>/test/integration/**/*.test.ts"]),
  ],
};

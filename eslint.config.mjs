// ESLint flat config: the recommended JavaScript and typescript-eslint rules, a few cheap
// type-aware rules where a mistake is a real bug in a Pulumi program (an unawaited promise, an
// Output interpolated as "[object Object]"-like text), and Pulumi's own plugin, whose two rules
// flag an Output or OutputInstance in a plain template literal (use pulumi.interpolate).
// @pulumi/eslint-plugin 0.3.1 exports `rules` only (no preset), so its rules are listed here.
import js from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import { defineConfig } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  // test/fixtures/lint/ holds deliberate violations that test/lint.test.ts lints with --no-ignore.
  { ignores: ["node_modules/", "**/node_modules/", "bin/", "coverage/", "test/fixtures/lint/"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: {
      // The fixtures are outside tsconfig.json; the default project type-checks them alone (fast).
      parserOptions: { projectService: { allowDefaultProject: ["test/fixtures/lint/*.ts"] }, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@pulumi": pulumi },
    rules: {
      "@pulumi/no-output-in-template-literal": "error",
      "@pulumi/no-output-instance-in-template-literal": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-misused-promises": "error",
      // Unused parameters named _x are deliberate (callbacks with a fixed signature).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    files: ["**/*.js", "**/*.cjs", "**/*.mjs"],
    languageOptions: { globals: globals.node },
  },
);

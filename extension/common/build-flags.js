// Replaced in the test build (scripts/build-extension.py); the shipped build keeps this file.
export const TEST_BUILD = false;

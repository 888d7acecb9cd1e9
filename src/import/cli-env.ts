// Imported first by the bulk CLIs: their stdout is for progress and the summary, so the platform's
// info logs (database ready, migrations) stay quiet unless LOG_LEVEL asks for them.
process.env.LOG_LEVEL ??= "warn";
export {};

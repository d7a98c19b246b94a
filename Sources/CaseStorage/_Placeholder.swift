// Placeholder until this module gets its first file; removed at integration.

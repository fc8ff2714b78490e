// The engine tests that run once more with n8n's default binary data mode, where files live in
// the item itself (base64 in binary.data) rather than on disk.
process.env.N8N_DEFAULT_BINARY_DATA_MODE = 'default';
require('./setupEnv');

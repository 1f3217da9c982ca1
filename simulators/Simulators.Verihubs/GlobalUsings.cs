// Verihubs names its catalogue entries after itself; they are the engine's provider errors.
global using VerihubsError = Simulators.Core.Errors.ProviderError;

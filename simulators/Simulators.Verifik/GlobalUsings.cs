// Verifik names its catalogue entries after itself; they are the engine's provider errors.
global using VerifikError = Simulators.Core.Errors.ProviderError;

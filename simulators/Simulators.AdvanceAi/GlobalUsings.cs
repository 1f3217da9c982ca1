// ADVANCE.AI names its catalogue entries after itself; they are the engine's provider errors.
global using AdvanceAiError = Simulators.Core.Errors.ProviderError;

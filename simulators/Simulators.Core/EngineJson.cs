using System.Text.Json.Serialization;
using Simulators.Core.Faults;
using Simulators.Core.Jobs;
using Simulators.Core.Tenants;
using Simulators.Core.Webhooks;

namespace Simulators.Core;

/// <summary>How the engine's own records are stored by a persistent store.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(TenantRecord))]
[JsonSerializable(typeof(TenantClock))]
[JsonSerializable(typeof(JobRecord))]
[JsonSerializable(typeof(DeliveryRecord))]
[JsonSerializable(typeof(FaultRule))]
internal sealed partial class EngineJson : JsonSerializerContext;

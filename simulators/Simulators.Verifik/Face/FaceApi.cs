using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Hosting;
using Simulators.Core.Json;
using Simulators.Core.Scenarios;
using Simulators.Verifik.Auth;

namespace Simulators.Verifik.Face;

/// <summary>
/// Face recognition (providers/verifik.md §2.4, §2.5): liveness of one face, comparison of probe and gallery
/// faces, and both in one call. Scores are deterministic per image bytes (SHA-256), within the bands the
/// scenario gives.
/// </summary>
internal static class FaceApi
{
    public const string Path = "/v2/face-recognition";

    public const double DefaultLivenessMinScore = 0.6;
    public const double DefaultCompareMinScore = 0.85;
    public const double MinCompareScore = 0.67;
    public const double MaxCompareScore = 0.95;

    private static readonly string[] Systems = ["DESKTOP", "IOS", "ANDROID"];
    private static readonly string[] SearchModes = ["FAST", "ACCURATE"];

    public static void MapFace(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path + "/liveness", LivenessAsync);
        app.MapPost(Path + "/compare", CompareAsync);
        app.MapPost(Path + "/compare-with-liveness", CompareWithLivenessAsync);
    }

    private static async Task<IResult> LivenessAsync(HttpContext http, VerifikAuth auth, FaceImages images, ScenarioResolver scenarios)
    {
        var caller = await auth.AuthenticateAsync(http, AuthPages.Biometrics);
        var body = await VerifikJson.ReadBodyAsync(http, FaceErrors.Request);
        OneOf(body, "os", Systems, required: true);
        var text = body.RequiredString("image", FaceErrors.Request);
        body.OptionalString("collection_id", FaceErrors.Request);
        var minScore = Score(body, "liveness_min_score", 0, 1) ?? DefaultLivenessMinScore;
        var image = await images.ReadAsync(text, "image", http);
        var scenario = await ResolveAsync(http, caller, scenarios, FaceScenarios.Liveness, FaceScenarios.Live, image);
        var score = LivenessScore(image, scenario);
        return new JsonBytes(VerifikJson.IdFirst(caller.Now, w => WriteLiveness(w, score, minScore, passedFirst: true)));
    }

    private static async Task<IResult> CompareAsync(HttpContext http, VerifikAuth auth, FaceImages images, ScenarioResolver scenarios, VerifikOptions options)
    {
        var caller = await auth.AuthenticateAsync(http, AuthPages.Biometrics);
        var body = await VerifikJson.ReadBodyAsync(http, FaceErrors.Request);
        var probe = Strings(body, "probe");
        var gallery = Strings(body, "gallery");
        OneOf(body, "search_mode", SearchModes, options.RequireSearchMode);
        var threshold = Score(body, "compare_min_score", MinCompareScore, MaxCompareScore) ?? DefaultCompareMinScore;
        var faces = await ReadAllAsync(images, http, ("probe", probe), ("gallery", gallery));
        var scenario = await ResolveAsync(http, caller, scenarios, FaceScenarios.Compare, FaceScenarios.Match, faces);
        var score = CompareScore(faces, scenario);
        return new JsonBytes(VerifikJson.IdFirst(caller.Now, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("score", score);
            if (options.FaceResultObjects)
            {
                // What Verifik's own api-client reads first: data.result.{score, passed}.
                w.WriteStartObject("result");
                w.WriteNumber("score", score);
                w.WriteBoolean("passed", score >= threshold);
                w.WriteNumber("compare_min_score", threshold);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }));
    }

    private static async Task<IResult> CompareWithLivenessAsync(HttpContext http, VerifikAuth auth, FaceImages images, ScenarioResolver scenarios, VerifikOptions options)
    {
        var caller = await auth.AuthenticateAsync(http, AuthPages.Biometrics);
        var body = await VerifikJson.ReadBodyAsync(http, FaceErrors.Request);
        var probe = body.RequiredString("probe", FaceErrors.Request);
        var gallery = Strings(body, "gallery");
        OneOf(body, "search_mode", SearchModes, options.RequireSearchMode);
        // The api-client sends cropFace here; the docs say it is not supported, so it is read (typed) and ignored.
        body.OptionalBool("cropFace", FaceErrors.Request);
        var livenessMin = Score(body, "liveness_min_score", 0, 1) ?? DefaultLivenessMinScore;
        var compareMin = Score(body, "compare_min_score", MinCompareScore, MaxCompareScore);
        var faces = await ReadAllAsync(images, http, ("probe", [probe]), ("gallery", gallery));
        var scenario = await ResolveAsync(http, caller, scenarios, FaceScenarios.CompareWithLiveness, FaceScenarios.Match, faces);
        // The comparison runs first; the liveness of the probe only when no threshold was given or the score met it.
        var score = CompareScore(faces, scenario == FaceScenarios.NoMatch ? FaceScenarios.NoMatch : FaceScenarios.Match);
        var runLiveness = compareMin is not { } min || score >= min;
        var liveness = LivenessScore(faces[0], scenario == FaceScenarios.Spoof ? FaceScenarios.Spoof : FaceScenarios.Live);
        return new JsonBytes(VerifikJson.IdFirst(caller.Now, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("comparison");
            w.WriteNumber("score", score);
            if (options.FaceResultObjects)
            {
                // What Verifik's own api-client reads: comparison.result.score and comparison.compare_min_score.
                var threshold = compareMin ?? DefaultCompareMinScore;
                w.WriteNumber("compare_min_score", threshold);
                w.WriteStartObject("result");
                w.WriteNumber("score", score);
                w.WriteBoolean("passed", score >= threshold);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WritePropertyName("liveness");
            if (runLiveness)
            {
                WriteLiveness(w, liveness, livenessMin, passedFirst: false, withResult: options.FaceResultObjects);
            }
            else
            {
                w.WriteNullValue();
            }
            w.WriteEndObject();
        }));
    }

    /// <summary>The liveness page writes <c>{passed, min_score, liveness_score}</c>; compare-with-liveness <c>{liveness_score, min_score, passed}</c>.</summary>
    private static void WriteLiveness(Utf8JsonWriter w, double score, double minScore, bool passedFirst, bool withResult = false)
    {
        var passed = score > minScore;
        w.WriteStartObject();
        if (withResult)
        {
            // compare-with-liveness: the api-client reads liveness.result.{liveness_score, min_score, passed}.
            w.WriteNumber("liveness_score", score);
            w.WriteNumber("min_score", minScore);
            w.WriteBoolean("passed", passed);
            w.WriteStartObject("result");
            w.WriteNumber("liveness_score", score);
            w.WriteNumber("min_score", minScore);
            w.WriteBoolean("passed", passed);
            w.WriteEndObject();
            w.WriteEndObject();
            return;
        }
        if (passedFirst)
        {
            w.WriteBoolean("passed", passed);
            w.WriteNumber("min_score", minScore);
            w.WriteNumber("liveness_score", score);
        }
        else
        {
            w.WriteNumber("liveness_score", score);
            w.WriteNumber("min_score", minScore);
            w.WriteBoolean("passed", passed);
        }
        w.WriteEndObject();
    }

    private static async Task<string> ResolveAsync(HttpContext http, Caller caller, ScenarioResolver scenarios, string kind, string defaultName, params byte[][] images)
    {
        var name = await FaceScenarios.ResolveAsync(http, caller, scenarios, kind, defaultName, images);
        return name == FaceScenarios.Error ? throw VerifikErrors.InternalError.Raise() : name;
    }

    private static async Task<byte[][]> ReadAllAsync(FaceImages images, HttpContext http, params (string Field, string[] Texts)[] fields)
    {
        var all = new List<byte[]>();
        foreach (var (field, texts) in fields)
        {
            for (var i = 0; i < texts.Length; i++)
            {
                all.Add(await images.ReadAsync(texts[i], $"{field}[{i}]", http));
            }
        }
        return [.. all];
    }

    /// <summary>A live face scores in [0.91, 0.99], a spoof in [0.05, 0.45].</summary>
    public static double LivenessScore(ReadOnlySpan<byte> image, string scenario)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(image, hash);
        var u = Uniform(hash);
        return Math.Round(scenario == FaceScenarios.Spoof ? 0.05 + (u * 0.40) : 0.91 + (u * 0.08), 2);
    }

    /// <summary>The same person scores in [0.96, 0.99], different people in [0.10, 0.60]; the hash covers every image in order.</summary>
    public static double CompareScore(byte[][] images, string scenario)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var image in images)
        {
            hash.AppendData(image);
        }
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        var u = Uniform(digest);
        return Math.Round(scenario == FaceScenarios.NoMatch ? 0.10 + (u * 0.50) : 0.96 + (u * 0.03), 2);
    }

    private static double Uniform(ReadOnlySpan<byte> hash) => BinaryPrimitives.ReadUInt32BigEndian(hash) / (double)uint.MaxValue;

    private static void OneOf(JsonElement body, string field, string[] allowed, bool required)
    {
        var value = body.OptionalString(field, FaceErrors.Request);
        if (value is null)
        {
            if (required)
            {
                throw FaceErrors.Required(field);
            }
            return;
        }
        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            throw FaceErrors.Parameter($"\"{field}\" must be one of [{string.Join(", ", allowed)}]");
        }
    }

    private static double? Score(JsonElement body, string field, double min, double max) => body.OptionalNumber(field, FaceErrors.Request) switch
    {
        null => null,
        var n when n < min => throw FaceErrors.Parameter($"\"{field}\" must be greater than or equal to {Text(min)}"),
        var n when n > max => throw FaceErrors.Parameter($"\"{field}\" must be less than or equal to {Text(max)}"),
        var n => n,
    };

    private static string Text(double value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A required array of at least one string (Joi's messages).</summary>
    private static string[] Strings(JsonElement body, string field)
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw FaceErrors.Required(field);
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw FaceErrors.Parameter($"\"{field}\" must be an array");
        }
        if (value.GetArrayLength() == 0)
        {
            throw FaceErrors.Parameter($"\"{field}\" must contain at least 1 items");
        }
        var texts = new string[value.GetArrayLength()];
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            texts[i] = item.ValueKind == JsonValueKind.String ? item.GetString()! : throw FaceErrors.Parameter($"\"{field}[{i}]\" must be a string");
            i++;
        }
        return texts;
    }
}

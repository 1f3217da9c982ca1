using System.Text.Json.Serialization;
using Simulators.Core.State;

namespace Simulators.Core.Tests.State;

/// <summary>A plain record for store tests: <see cref="Owner"/> and <see cref="Label"/> are indexed.</summary>
internal sealed record Note(string Owner, string? Label, int Value);

[JsonSerializable(typeof(Note))]
internal sealed partial class TestJson : JsonSerializerContext;

internal static class TestSets
{
    public static readonly RecordSet<Note> Notes = new("test.note", TestJson.Default.Note, ("owner", n => n.Owner), ("label", n => n.Label));

    /// <summary>A second collection, to show collections do not mix.</summary>
    public static readonly RecordSet<Note> Others = new("test.other", TestJson.Default.Note, ("owner", n => n.Owner));
}

using System.Text;
using Simulators.Core.Scenarios;

namespace Simulators.Core.Tests;

public sealed class ScenarioMarkerTests
{
    private static readonly byte[] JpegHeader = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00];

    [Fact]
    public void Find_MarkerAfterJpegHeader_ReturnsName()
    {
        byte[] bytes = [.. JpegHeader, 0x01, 0x02, .. "SIMULATOR:FACE_MATCH_LOW"u8, 0xFF, 0xD9];

        ScenarioMarker.Find(bytes).Should().Be("FACE_MATCH_LOW");
    }

    [Fact]
    public void Find_MarkerAtVeryEnd_ReturnsName()
    {
        byte[] bytes = [.. JpegHeader, .. "SIMULATOR:LIVENESS_FAIL"u8];

        ScenarioMarker.Find(bytes).Should().Be("LIVENESS_FAIL");
    }

    [Theory]
    [InlineData("SIMULATOR:FACE_MATCH_LOW", "FACE_MATCH_LOW")]
    [InlineData("xxSIMULATOR:FACE_MATCH_LOW-and more", "FACE_MATCH_LOW")]
    [InlineData("SIMULATOR:FACE_MATCH_LOW face", "FACE_MATCH_LOW")]
    [InlineData("SIMULATOR:NIK_404;", "NIK_404")]
    [InlineData("SIMULATOR:DOC_BLURRYlower", "DOC_BLURRY")]
    [InlineData("SIMULATOR:A.B", "A")]
    [InlineData("SIMULATOR:_1", "_1")]
    [InlineData("SIMULATOR:ONE SIMULATOR:TWO", "ONE")]
    public void Find_StopsAtFirstNonNameByte(string text, string expected)
    {
        ScenarioMarker.Find(Encoding.ASCII.GetBytes(text)).Should().Be(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("no marker here")]
    [InlineData("SIMULATOR:")]
    [InlineData("SIMULATOR: FACE_MATCH_LOW")]
    [InlineData("SIMULATOR:face_match_low")]
    [InlineData("simulator:FACE_MATCH_LOW")]
    [InlineData("SIMULATOR-FACE_MATCH_LOW")]
    [InlineData("SIMULATOR")]
    public void Find_AbsentOrEmptyName_ReturnsNull(string text)
    {
        ScenarioMarker.Find(Encoding.ASCII.GetBytes(text)).Should().BeNull();
    }

    [Fact]
    public void Find_EmptyBytes_ReturnsNull()
    {
        ScenarioMarker.Find([]).Should().BeNull();
    }

    [Fact]
    public void Find_MarkerNameByteAfterNameIsNonAscii_StopsThere()
    {
        byte[] bytes = [.. "SIMULATOR:OK"u8, 0xC3, 0x89, .. "XTRA"u8];

        ScenarioMarker.Find(bytes).Should().Be("OK");
    }

    [Fact]
    public void Find_VeryLongName_IsCappedAt64Characters()
    {
        var bytes = Encoding.ASCII.GetBytes("SIMULATOR:" + new string('A', 200));

        ScenarioMarker.Find(bytes).Should().Be(new string('A', 64));
    }
}

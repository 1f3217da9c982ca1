namespace Simulators.Core.Journal;

/// <summary>Passes a response through and keeps its first bytes for the journal (a reference, when the body is immutable).</summary>
internal sealed class CaptureStream(Stream inner, int limit, SimulatorCallFeature call) : Stream
{
    private byte[]? _buffer;
    private int _kept;
    private long _length;

    public CapturedBody Captured
    {
        get
        {
            if (call.ImmutableResponseBody is { } shared)
            {
                return new(shared.Length <= limit ? shared : shared[..limit], _length);
            }
            if (_buffer is null)
            {
                return CapturedBody.Empty;
            }
            return new(_kept == _buffer.Length ? _buffer : _buffer[.._kept], _length);
        }
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Keep(buffer);
        inner.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Keep(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Keep(ReadOnlySpan<byte> data)
    {
        _length += data.Length;
        if (call.ImmutableResponseBody is not null)
        {
            return;
        }
        var room = limit - _kept;
        if (room <= 0 || data.IsEmpty)
        {
            return;
        }
        _buffer ??= new byte[Math.Min(limit, Math.Max(data.Length, 1024))];
        var take = Math.Min(room, data.Length);
        if (_kept + take > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Min(limit, Math.Max(_buffer.Length * 2, _kept + take)));
        }
        data[..take].CopyTo(_buffer.AsSpan(_kept));
        _kept += take;
    }
}

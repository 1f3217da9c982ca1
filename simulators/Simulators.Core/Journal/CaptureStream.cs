namespace Simulators.Core.Journal;

/// <summary>Passes a response through and keeps its first bytes for the journal (a reference, when the body is immutable).</summary>
internal sealed class CaptureStream(Stream inner, int limit, SimulatorCallFeature call, Microsoft.AspNetCore.Http.HttpContext http) : Stream
{
    private byte[]? _buffer;
    private int _kept;
    private long _length;
    private long _truncateAt = -1;

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
        if (call.Truncate)
        {
            throw new NotSupportedException("A truncation fault needs an asynchronous write.");
        }
        Keep(buffer);
        inner.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (call.Truncate)
        {
            return TruncatedWriteAsync(buffer, cancellationToken);
        }
        Keep(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    /// <summary>A truncation fault: half of the announced body (or of the first write) goes out, then the connection is dropped.</summary>
    private async ValueTask TruncatedWriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        if (_truncateAt < 0)
        {
            _truncateAt = (http.Response.ContentLength ?? buffer.Length) / 2;
        }
        var room = (int)Math.Max(0, Math.Min(buffer.Length, _truncateAt - _length));
        Keep(buffer.Span[..room]);
        if (room > 0)
        {
            await inner.WriteAsync(buffer[..room], cancellationToken);
            await inner.FlushAsync(cancellationToken);
        }
        if (_length >= _truncateAt)
        {
            http.Abort();
        }
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

using System.Buffers;

namespace Simulators.Core.Journal;

/// <summary>
/// Passes a response through and keeps its first bytes for the journal: by reference when the body
/// is immutable (a cached view), else in a pooled buffer that the journal copies to its arena.
/// </summary>
internal sealed class CaptureStream(Stream inner, int limit, SimulatorCallFeature call, Microsoft.AspNetCore.Http.HttpContext http) : Stream
{
    private byte[]? _buffer;
    private int _kept;
    private long _length;
    private long _truncateAt = -1;

    /// <summary>The immutable body written, if that is what was written (kept by reference).</summary>
    public byte[]? Immutable => call.ImmutableResponseBody is { } shared && shared.Length <= limit ? shared : null;

    /// <summary>The bytes kept (at most the limit); valid until <see cref="Dispose(bool)"/>.</summary>
    public ReadOnlySpan<byte> Kept => call.ImmutableResponseBody is { } shared ? shared.AsSpan(0, Math.Min(shared.Length, limit)) : _buffer.AsSpan(0, _kept);

    public long Written => _length;

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

    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
        base.Dispose(disposing);
    }

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
        var take = Math.Min(room, data.Length);
        if (_buffer is null || _kept + take > _buffer.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Min(limit, Math.Max(Math.Max(data.Length, 1024), (_buffer?.Length ?? 0) * 2)));
            if (_buffer is not null)
            {
                _buffer.AsSpan(0, _kept).CopyTo(grown);
                ArrayPool<byte>.Shared.Return(_buffer);
            }
            _buffer = grown;
            take = Math.Min(take, _buffer.Length - _kept);
        }
        data[..take].CopyTo(_buffer.AsSpan(_kept));
        _kept += take;
    }
}

namespace Serverless.Diag.State.Local;

/// <summary>
/// An exclusive lock on a file in the state directory, held across processes (FileShare.None takes an advisory
/// flock on Unix, a share-mode lock on Windows). Every read-modify-write of the directory happens under it.
/// </summary>
internal sealed class DirectoryLock : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(15);
    private readonly FileStream _stream;
    private readonly string _path;

    private DirectoryLock(FileStream stream, string path)
    {
        _stream = stream;
        _path = path;
    }

    public static async Task<DirectoryLock> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new DirectoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None), path);
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                // Held by another process (or another store in this one): wait; the caller's timeout bounds it.
                await Task.Delay(Poll, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The file system's clock: writes the lock file and reads back the modification time the file system gave it
    /// (on a network share, the file server's time), never this host's clock.
    /// </summary>
    public DateTimeOffset Stamp()
    {
        _stream.Position = 0;
        _stream.WriteByte(1);
        _stream.Flush(flushToDisk: false);
        return new DateTimeOffset(File.GetLastWriteTimeUtc(_path), TimeSpan.Zero);
    }

    public void Dispose() => _stream.Dispose();
}

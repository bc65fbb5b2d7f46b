namespace Serverless.Diag.State.Local;

/// <summary>
/// An exclusive lock on a file in the state directory, held across processes (FileShare.None takes an advisory
/// flock on Unix, a share-mode lock on Windows). Every read-modify-write of the directory happens under it.
/// </summary>
internal sealed class DirectoryLock : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(15);
    private readonly FileStream _stream;

    private DirectoryLock(FileStream stream) => _stream = stream;

    public static async Task<DirectoryLock> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new DirectoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                // Held by another process (or another store in this one): wait; the caller's timeout bounds it.
                await Task.Delay(Poll, cancellationToken);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}

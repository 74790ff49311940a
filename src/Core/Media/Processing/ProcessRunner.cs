using System.Diagnostics;
using System.Text;

namespace StoryBot.Core.Media.Processing;

/// <summary>
/// Runs ffmpeg/ffprobe with a hard timeout that kills the process tree. The original system's 30 s "timeout"
/// only rejected a promise and left ffmpeg running, so the kill is ours, not left to a wrapper.
/// </summary>
public static class ProcessRunner
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardErrorTail);

    /// <summary>
    /// Runs <paramref name="fileName"/> with each argument handed to the process as it is
    /// (<see cref="ProcessStartInfo.ArgumentList"/>): nothing is joined into a command line or split again,
    /// so a path with quotes, spaces or <c>$</c> reaches ffmpeg unchanged.
    /// </summary>
    /// <exception cref="TimeoutException">The process outlived <paramref name="timeout"/> and was killed.</exception>
    public static async Task<Result> RunAsync(
        string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);

        using var process = new Process { StartInfo = startInfo };
        var stdout = new StringBuilder();
        var stderr = new TailBuffer(4000);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) stderr.Append(e.Data); };

        process.Start();
        process.StandardInput.Close(); // ffmpeg must never wait for a keyboard
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{Path.GetFileName(fileName)} did not finish within {timeout} and was killed");
        }

        // Drain the asynchronous readers before reading what they collected.
        process.WaitForExit();
        lock (stdout)
            return new Result(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own in the meantime.
        }
    }

    /// <summary>Keeps the last lines of stderr: enough to log why ffmpeg failed, bounded in size.</summary>
    private sealed class TailBuffer(int capacity)
    {
        private readonly Queue<string> _lines = new();
        private int _length;

        public void Append(string line)
        {
            lock (_lines)
            {
                _lines.Enqueue(line);
                _length += line.Length + 1;
                while (_length > capacity && _lines.Count > 1)
                    _length -= _lines.Dequeue().Length + 1;
            }
        }

        public override string ToString()
        {
            lock (_lines)
                return string.Join('\n', _lines);
        }
    }
}

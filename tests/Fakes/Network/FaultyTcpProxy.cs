using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace StoryBot.Tests.Fakes.Network;

/// <summary>How the proxy treats connections.</summary>
public enum LinkMode
{
    /// <summary>Bytes go both ways.</summary>
    Pass,

    /// <summary>Every connection, open or new, is reset at once: a server that is down.</summary>
    Refuse,

    /// <summary>Connections are taken but nothing is ever answered: a server that is unreachable or hung.</summary>
    Blackhole,
}

/// <summary>
/// A TCP proxy on loopback in front of a fake server, whose link can be made to refuse or to swallow everything:
/// real sockets, real timeouts, for faults a fake server cannot show on its own.
/// </summary>
public sealed class FaultyTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<TcpClient, byte> _open = new();
    private readonly Task _accepting;
    private volatile LinkMode _mode = LinkMode.Pass;

    private FaultyTcpProxy(Uri target)
    {
        Target = target;
        _listener.Start();
        BaseUrl = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _accepting = AcceptAsync();
    }

    public static FaultyTcpProxy Start(string targetBaseUrl) => new(new Uri(targetBaseUrl));

    public string BaseUrl { get; }

    public Uri Target { get; }

    public LinkMode Mode
    {
        get => _mode;
        set
        {
            _mode = value;
            if (value == LinkMode.Refuse)
                foreach (var client in _open.Keys)
                    Reset(client);
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            if (_mode == LinkMode.Refuse)
            {
                Reset(client);
                continue;
            }

            _open[client] = 0;
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(Target.Host, Target.Port, _stop.Token);
            var down = client.GetStream();
            var up = upstream.GetStream();
            await Task.WhenAny(PumpAsync(down, up), PumpAsync(up, down));
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Either side went away.
        }
        finally
        {
            _open.TryRemove(client, out _);
            client.Dispose();
        }
    }

    /// <summary>Copies bytes while the link passes; once it swallows, it holds them until the end.</summary>
    private async Task PumpAsync(Stream from, Stream to)
    {
        var buffer = new byte[65536];
        int read;
        while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            while (_mode == LinkMode.Blackhole)
                await Task.Delay(50, _stop.Token);
            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }

    private static void Reset(TcpClient client)
    {
        try
        {
            client.Client.LingerState = new LingerOption(true, 0);   // close with RST, as a refusing host does
            client.Dispose();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var client in _open.Keys)
            client.Dispose();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}

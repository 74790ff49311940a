using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace StoryBot.Tests.Fakes.Telegram;

public sealed partial class FakeTelegramServer
{
    private static readonly JsonSerializerOptions JsonOutput = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly List<CallSlot> _calls = [];
    private readonly List<FaultState> _faults = [];

    /// <summary>
    /// Token (401), scripted fault, method (404 Not Found, as the real API answers an unknown method), body, then every
    /// parameter must be one the fake implements (400 otherwise), then the method itself.
    /// </summary>
    private async Task HandleAsync(HttpContext http)
    {
        // albums of up to 10 × 50 MB, and uploads as slow as the test makes them
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null;
        }

        if (http.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } dataRate)
        {
            dataRate.MinDataRate = null;
        }

        var path = http.Request.Path.Value ?? "";
        var slash = path.StartsWith("/bot", StringComparison.Ordinal) ? path.IndexOf('/', 4) : -1;
        var token = slash >= 0 ? path[4..slash] : null;
        var rawMethod = slash >= 0 ? path[(slash + 1)..] : path;
        var method = ApiMethod.All.GetValueOrDefault(rawMethod);
        var call = new ApiCall { Http = http, Method = method?.Name ?? rawMethod, At = DateTimeOffset.UtcNow, Slot = ReserveSlot() };
        var send = method is { SendsMessage: true } && token == Token ? _sends.Begin() : null;

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _stopping.Token);
        var ct = linked.Token;
        try
        {
            call.Request = await TelegramRequestParser.ParseAsync(http.Request, (field, name) => SavePath(call.Method, field, name), ct);
            call.ChatId = long.TryParse(call.Arg("chat_id"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) ? id : null;
            if (send is not null)
            {
                _sends.SetChat(send, call.ChatId);
            }

            if (token is null)
            {
                throw new TelegramApiException(404, "Not Found");
            }

            if (token != Token)
            {
                throw new TelegramApiException(401, "Unauthorized");
            }

            if (_options.ResponseLatency > TimeSpan.Zero)
            {
                await Task.Delay(_options.ResponseLatency, ct);
            }

            if (TakeFault(call.Method, call.ChatId) is { } fault)
            {
                await Task.Delay(fault.Fault.Delay, ct);
                if (fault.Error() is { } error)
                {
                    throw error;
                }
            }

            if (method is null)
            {
                throw new TelegramApiException(404, "Not Found");
            }

            if (call.Request.BodyError is not null)
            {
                throw new TelegramApiException(400, call.Request.BodyError);
            }

            if (call.Request.Fields.Keys.Order(StringComparer.Ordinal).FirstOrDefault(p => !method.Parameters.Contains(p)) is { } unknown)
            {
                throw TelegramApiException.NotImplemented(unknown);
            }

            if (!method.TakesFiles)
            {
                call.RefuseUnusedFiles();
            }

            var result = await DispatchAsync(call, ct);
            await RespondAsync(call, 200, new JsonObject { ["ok"] = true, ["result"] = result });
        }
        catch (TelegramApiException error)
        {
            if (!call.Answered)
            {
                call.Description = error.Description;
                await TryRespondAsync(call, error.Code, error.ToBody());
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or BadHttpRequestException or ConnectionResetException)
        {
            if (!call.Answered)
            {
                if (_stopping.IsCancellationRequested && !http.RequestAborted.IsCancellationRequested)
                {
                    // the fake is being disposed while this request waited: answer like a restarting Bot API server
                    call.Description = "Internal Server Error: restart";
                    await TryRespondAsync(call, 500, new JsonObject { ["ok"] = false, ["error_code"] = 500, ["description"] = call.Description });
                }
                else
                {
                    // the client went away; nothing was delivered
                    Finish(call, 0, null);
                }
            }
        }
        catch (Exception ex)
        {
            if (!call.Answered)
            {
                call.Description = "Internal Server Error: fake failed: " + ex.Message;
                await TryRespondAsync(call, 500, new JsonObject { ["ok"] = false, ["error_code"] = 500, ["description"] = call.Description });
            }
        }
        finally
        {
            if (send is not null)
            {
                _sends.End(send);
            }
        }
    }

    private Task<JsonNode> DispatchAsync(ApiCall call, CancellationToken ct) => call.Method switch
    {
        "getMe" => Task.FromResult<JsonNode>(GetMe()),
        "getUpdates" => GetUpdatesAsync(call, ct),
        "setMyCommands" => Task.FromResult(SetMyCommands(call)),
        "getChatMember" => Task.FromResult<JsonNode>(GetChatMember(call)),
        "getChat" => Task.FromResult<JsonNode>(GetChat(call)),
        "sendChatAction" => Task.FromResult(SendChatAction(call)),
        "sendMessage" => Task.FromResult<JsonNode>(SendMessage(call)),
        "editMessageText" => Task.FromResult<JsonNode>(EditMessageText(call)),
        "answerCallbackQuery" => Task.FromResult(AnswerCallbackQuery(call)),
        "sendPhoto" => Task.FromResult(SendMedia(call, MediaKind.Photo)),
        "sendVideo" => Task.FromResult(SendMedia(call, MediaKind.Video)),
        "sendMediaGroup" => Task.FromResult(SendMediaGroup(call)),
        _ => throw new InvalidOperationException($"{call.Method} is listed in ApiMethod.All but has no handler"),
    };

    private CallSlot ReserveSlot()
    {
        var slot = new CallSlot();
        lock (_gate)
        {
            _calls.Add(slot);
        }

        return slot;
    }

    private FaultState? TakeFault(string method, long? chatId)
    {
        lock (_gate)
        {
            var state = _faults.FirstOrDefault(f => f.Matches(method, chatId));
            if (state is not null)
            {
                state.Used++;
            }

            return state;
        }
    }

    private void Finish(ApiCall call, int status, string? description)
    {
        lock (_gate)
        {
            call.Answered = true;
            call.Slot.Record = new RecordedCall(
                call.Method,
                call.At,
                call.ChatId,
                new Dictionary<string, string>(call.Request.Fields, StringComparer.Ordinal),
                call.Request.FileList.ToList(),
                status)
            {
                ErrorDescription = description,
                CompletedAt = DateTimeOffset.UtcNow,
            };
            SignalChangedLocked();
        }
    }

    private async Task RespondAsync(ApiCall call, int status, JsonObject body)
    {
        Finish(call, status, status == 200 ? null : call.Description);
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString(JsonOutput));
        var response = call.Http.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, call.Http.RequestAborted);
    }

    private async Task TryRespondAsync(ApiCall call, int status, JsonObject body)
    {
        try
        {
            await RespondAsync(call, status, body);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ConnectionResetException)
        {
        }
    }
}

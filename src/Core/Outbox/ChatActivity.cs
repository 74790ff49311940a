namespace StoryBot.Core.Outbox;

/// <summary>What the chat is shown the bot is doing ("typing…", "sending a video…").</summary>
public enum ChatActivity
{
    Typing,
    UploadingPhoto,
    UploadingVideo,
}

namespace StoryBot.Bench;

/// <summary>One process's memory at one instant, in kB: smaps_rollup's PSS and its anonymous/shmem parts, status's RSS.</summary>
public sealed record ProcessMemory(long PssKb, long PssAnonKb, long PssShmemKb, long RssKb, long RssFileKb)
{
    public static readonly ProcessMemory None = new(0, 0, 0, 0, 0);

    /// <summary>Memory that is this process's alone: anonymous pages are never shared here (ffmpeg is exec'd, not forked).</summary>
    public long OwnKb => PssAnonKb + PssShmemKb;
}

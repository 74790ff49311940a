using StoryBot.Core.Media.Processing;

namespace StoryBot.Core.Tests.Media;

/// <summary>The memory-bounding ffmpeg settings of issue #13 reach ffmpeg, where ffmpeg reads them.</summary>
public class VideoPlanArgumentsTests
{
    [Fact]
    public void A_transcode_decodes_with_one_thread_and_encodes_with_the_configured_threads_and_no_lookahead_buffer()
    {
        var arguments = new VideoPlan(VideoMode.Transcode).Arguments("in.mp4", "out.mp4", encoderThreads: 2);

        // An input option only counts before its -i.
        var input = arguments.IndexOf("-i");
        Assert.Equal(["-threads", "1"], arguments[(input - 2)..input]);
        Assert.Equal("2", arguments[arguments.IndexOf("-threads:v") + 1]);
        Assert.Equal("sync-lookahead=0", arguments[arguments.IndexOf("-x264-params") + 1]);
        Assert.Equal(["-preset", "veryfast"], arguments.Skip(arguments.IndexOf("-preset")).Take(2));
        Assert.Equal(["-crf", "23"], arguments.Skip(arguments.IndexOf("-crf")).Take(2));
    }

    [Fact]
    public void Zero_encoder_threads_leaves_the_choice_to_x264_and_a_remux_gets_no_thread_options()
    {
        Assert.DoesNotContain("-threads:v", new VideoPlan(VideoMode.FitSize, 900).Arguments("in.mp4", "out.mp4", encoderThreads: 0));
        var remux = new VideoPlan(VideoMode.Remux).Arguments("in.mp4", "out.mp4", encoderThreads: 2);
        Assert.DoesNotContain("-threads", remux);
        Assert.DoesNotContain("-threads:v", remux);
    }
}

# Build
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props Bot.sln appsettings.json ./
COPY src/Core/Core.csproj src/Core/
COPY src/Bot/Bot.csproj src/Bot/
RUN dotnet restore src/Bot/Bot.csproj
COPY src/ src/
RUN dotnet publish src/Bot/Bot.csproj -c Release -o /app --no-restore

# Run: the .NET runtime plus Debian's ffmpeg, as an unprivileged user, with the data on a volume.
FROM mcr.microsoft.com/dotnet/runtime:10.0
RUN apt-get update \
    && apt-get install -y --no-install-recommends ffmpeg \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system storybot && useradd --system --gid storybot --home-dir /app storybot \
    && mkdir -p /app/data && chown storybot:storybot /app/data
WORKDIR /app
COPY --from=build /app .
# gen0's allocation budget follows the L3 cache size the machine reports (virtual machines report up to hundreds
# of MB), and the heap grows to it between collections: capped at 16 MB, the 1,000-subscription soak's process
# held 154-167 MB instead of 181-219 MB (README, Performance). bench/Bench/BotRuntime.cs runs the bot the same way.
ENV Storage__DatabasePath=/app/data/bot.db \
    DOTNET_gcServer=0 \
    DOTNET_GCgen0MaxBudget=0x1000000
VOLUME /app/data
USER storybot
# Healthy while the bot keeps hearing from Telegram: the same binary checks its heartbeat file (no curl needed).
HEALTHCHECK --interval=60s --timeout=15s --start-period=90s --retries=3 CMD ["dotnet", "StoryBot.dll", "healthcheck"]
# The host stops within 25 s of SIGTERM; Docker's default grace is 10 s, so run with --stop-timeout 30.
STOPSIGNAL SIGTERM
ENTRYPOINT ["dotnet", "StoryBot.dll"]

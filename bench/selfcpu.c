/* selfcpu.so: what a job runner itself costs, apart from its jobs.
 *
 *   SELFCPU_OUT=/tmp/x LD_PRELOAD=/path/selfcpu.so some-runner ...
 *
 * GNU time and `times` report a process together with its reaped children,
 * and a runner's children are thousands of jobs whose cost would swamp the
 * runner's own. This library, preloaded into the runner, appends one line
 *
 *   utime_s stime_s maxrss_kb
 *
 * to $SELFCPU_OUT when the runner exits, from getrusage(RUSAGE_SELF): only
 * the runner's own CPU (all its threads) and its own peak resident set.
 *
 * At load it remembers the file and its pid, and removes SELFCPU_OUT (and its
 * own entry in LD_PRELOAD) from the environment, so the runner's children
 * neither report nor pay for loading this library. If SELFCPU_PIDS names a
 * file, it also appends the runner's pid to it at load (and removes that
 * variable too), so that a watcher outside (bench/fdpeak.c) finds the
 * runner's own process among its children. The report is written
 * once, from an atexit handler or the library destructor, whichever runs
 * first, and only by the process that loaded it (not by a fork that exits
 * without exec). A process that ends by a signal or _exit writes nothing.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <unistd.h>

static char out_path[PATH_MAX];
static pid_t owner_pid;
static int reported;

/* Drop every entry of LD_PRELOAD (separated by ':' or ' ') whose file name
 * is selfcpu.so; keep the others in their order. */
static void drop_self_from_ld_preload(void) {
  const char *old = getenv("LD_PRELOAD");
  if (!old) return;
  size_t len = strlen(old);
  char *copy = malloc(len + 1);
  char *kept = malloc(len + 1);
  if (!copy || !kept) {
    free(copy);
    free(kept);
    return;
  }
  memcpy(copy, old, len + 1);
  kept[0] = '\0';
  char *save = NULL;
  for (char *tok = strtok_r(copy, ": ", &save); tok; tok = strtok_r(NULL, ": ", &save)) {
    const char *base = strrchr(tok, '/');
    base = base ? base + 1 : tok;
    if (strcmp(base, "selfcpu.so") == 0) continue;
    if (kept[0]) strcat(kept, ":");
    strcat(kept, tok);
  }
  if (kept[0])
    setenv("LD_PRELOAD", kept, 1);
  else
    unsetenv("LD_PRELOAD");
  free(copy);
  free(kept);
}

static void report(void) {
  if (reported || owner_pid == 0 || getpid() != owner_pid) return;
  reported = 1;
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) != 0) return;
  char line[128];
  int n = snprintf(line, sizeof line, "%ld.%06ld %ld.%06ld %ld\n", (long)ru.ru_utime.tv_sec,
                   (long)ru.ru_utime.tv_usec, (long)ru.ru_stime.tv_sec,
                   (long)ru.ru_stime.tv_usec, ru.ru_maxrss);
  if (n <= 0) return;
  int fd = open(out_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return;
  /* One write to an O_APPEND file: the line stays whole. */
  ssize_t w = write(fd, line, (size_t)n);
  (void)w;
  close(fd);
}

__attribute__((constructor)) static void selfcpu_init(void) {
  const char *out = getenv("SELFCPU_OUT");
  if (!out || !*out) return;
  if (strlen(out) >= sizeof out_path) return;
  strcpy(out_path, out);
  owner_pid = getpid();
  unsetenv("SELFCPU_OUT");
  const char *pids = getenv("SELFCPU_PIDS");
  if (pids && *pids) {
    int fd = open(pids, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0) {
      char line[32];
      int n = snprintf(line, sizeof line, "%ld\n", (long)owner_pid);
      ssize_t w = write(fd, line, (size_t)n);
      (void)w;
      close(fd);
    }
  }
  unsetenv("SELFCPU_PIDS");
  drop_self_from_ld_preload();
  atexit(report);
}

__attribute__((destructor)) static void selfcpu_fini(void) { report(); }

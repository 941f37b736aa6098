/* bench/emit.c: the job of the output benchmark. `emit BYTES LABEL` writes
 * LABEL and a newline again and again until BYTES bytes are out, in 64 KiB
 * writes: a stand-in for a job with a lot to say, with no shell around it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: emit BYTES LABEL\n");
    return 2;
  }
  long left = atol(argv[1]);
  size_t len = strlen(argv[2]);
  static char buf[1 << 16];
  size_t fill = 0;
  while (fill + len + 1 <= sizeof buf) {
    memcpy(buf + fill, argv[2], len);
    buf[fill + len] = '\n';
    fill += len + 1;
  }
  while (left > 0) {
    size_t n = (size_t)left < fill ? (size_t)left : fill;
    /* Keep whole lines, so that a cut never splits a label. */
    if (n < fill) n -= n % (len + 1);
    if (n == 0) break;
    ssize_t w = write(1, buf, n);
    if (w <= 0) return 1;
    left -= w;
  }
  return 0;
}

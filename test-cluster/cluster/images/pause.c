/* The pod sandbox process: holds the pod's namespaces open and reaps nothing else. */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

static void stop(int signal_number) { (void)signal_number; exit(0); }

int main(void) {
    signal(SIGINT, stop);
    signal(SIGTERM, stop);
    for (;;) {
        pause();
    }
}

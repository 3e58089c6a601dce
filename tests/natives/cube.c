/* The JNI library of Cube.java: cbrt from libm, a thread of pthread_create. */
#include <jni.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>

JNIEXPORT jdouble JNICALL Java_Cube_cubeRoot(JNIEnv *env, jclass cls, jdouble x)
{
	return cbrt(x);
}

static void *sum_to(void *arg)
{
	intptr_t n = (intptr_t)arg, sum = 0;

	for (intptr_t i = 1; i <= n; i++)
		sum += i;
	return (void *)sum;
}

JNIEXPORT jlong JNICALL Java_Cube_sumOnThread(JNIEnv *env, jclass cls, jint n)
{
	pthread_t t;
	void *sum;

	if (pthread_create(&t, NULL, sum_to, (void *)(intptr_t)n) != 0 || pthread_join(t, &sum) != 0)
		return -1;
	return (jlong)(intptr_t)sum;
}

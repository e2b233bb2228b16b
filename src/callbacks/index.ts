// The `callbacks` namespace (keras.callbacks): classes and tfjs-style factories.

export { Callback, CallbackList, type CallbackHooks, type Logs, type TrainingParams } from './callback.ts';
export { CSVLogger, type CSVLoggerArgs } from './csv-logger.ts';
export { EarlyStopping, type EarlyStoppingArgs } from './early-stopping.ts';
export { History } from './history.ts';
export { LambdaCallback, TerminateOnNaN, type LambdaCallbackArgs } from './misc.ts';
export { ModelCheckpoint, type ModelCheckpointArgs } from './model-checkpoint.ts';
export { ProgbarLogger } from './progbar-logger.ts';
export { ReduceLROnPlateau, type ReduceLROnPlateauArgs } from './reduce-lr.ts';

import { CSVLogger, type CSVLoggerArgs } from './csv-logger.ts';
import { EarlyStopping, type EarlyStoppingArgs } from './early-stopping.ts';
import { LambdaCallback, TerminateOnNaN, type LambdaCallbackArgs } from './misc.ts';
import { ModelCheckpoint, type ModelCheckpointArgs } from './model-checkpoint.ts';
import { ReduceLROnPlateau, type ReduceLROnPlateauArgs } from './reduce-lr.ts';

export const earlyStopping = (args: EarlyStoppingArgs = {}): EarlyStopping => new EarlyStopping(args);
export const modelCheckpoint = (args: ModelCheckpointArgs | string): ModelCheckpoint => new ModelCheckpoint(args);
export const reduceLROnPlateau = (args: ReduceLROnPlateauArgs = {}): ReduceLROnPlateau => new ReduceLROnPlateau(args);
export const terminateOnNaN = (): TerminateOnNaN => new TerminateOnNaN();
export const csvLogger = (args: CSVLoggerArgs | string): CSVLogger => new CSVLogger(args);
export const lambdaCallback = (hooks: LambdaCallbackArgs): LambdaCallback => new LambdaCallback(hooks);

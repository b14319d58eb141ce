/** Scale numeric columns to [0, 1] by the training minimum and maximum (scikit-learn MinMaxScaler). */
import { numericMapStep } from './numeric-map';
import { minMax } from './stats';

export const minmaxScale = numericMapStep<{ min: number; range: number }>({
  kind: 'minmax_scale',
  title: 'Min-max scale',
  description: 'Map the training minimum to 0 and maximum to 1; new values outside that range land outside [0, 1].',
  params: {},
  fitColumn(present) {
    const { min, max } = minMax(present);
    // A constant column maps to 0 rather than dividing by zero, as MinMaxScaler does.
    return { min, range: max > min ? max - min : 1 };
  },
  map: ({ min, range }) => (v) => (v - min) / range,
});

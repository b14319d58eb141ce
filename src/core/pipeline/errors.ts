/** A pipeline that cannot run, with every problem named (node, parameter, edge). */
export class PipelineError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? `Invalid pipeline: ${problems[0]}` : `Invalid pipeline:\n- ${problems.join('\n- ')}`);
    this.name = 'PipelineError';
  }
}
